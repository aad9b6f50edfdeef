/**
 * Keys API: the key storage SPI that key store bundles implement (versioned keys, secrets named
 * {@code repo/type/tag}), the release policy SPI and the key broker that releases secrets to
 * attested runtimes.
 *
 * <p>Secret bytes travel as {@link io.ccl.keys.api.SecretBytes}, readable only with a
 * {@link io.ccl.keys.api.SecretAccess} token, so that every place that reads a secret is visible
 * in the code.
 */
@Export
@Version("1.0.0")
package io.ccl.keys.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
