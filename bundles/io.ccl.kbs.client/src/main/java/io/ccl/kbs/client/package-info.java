/**
 * Client of the KBS attestation protocol over HTTP: {@code /kbs/v0/auth}, {@code /kbs/v0/attest},
 * {@code /kbs/v0/resource/...} and the published JWKS. Used by the runtime when its verifier is
 * remote and by the CLI.
 */
@Export
@Version("1.0.0")
package io.ccl.kbs.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
