/**
 * The key store TCK: JUnit 5 contract tests that every {@link io.ccl.keys.api.KeyStorage} must
 * pass. A store bundle extends {@link io.ccl.keys.tck.KeyStorageContract} in its own test sources
 * and supplies a fresh, empty store per test.
 */
@Export
@Version("1.0.0")
package io.ccl.keys.tck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
