/**
 * Narrow cryptographic types used across CCL so that no bundle touches a JOSE library directly:
 * RFC 8785 canonical JSON and the runtime-data binding, ES256 signing keys and JWT verification
 * against a JWKS, and JWE sealing/opening for attested keys.
 *
 * <p><b>Security guarantees.</b> Private keys never leave {@link io.ccl.crypto.SigningKey} and
 * {@link io.ccl.crypto.EncryptionKey} objects; tokens are accepted only with an algorithm fixed by
 * the caller, a known key, an unexpired validity and the expected issuer.
 */
@Export
@Version("1.0.0")
package io.ccl.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
