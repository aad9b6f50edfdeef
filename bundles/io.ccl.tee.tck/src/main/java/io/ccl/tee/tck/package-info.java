/**
 * The TEE TCK: JUnit 5 contract tests that every TEE backend's verifier (and, where it can run,
 * attester) must pass. A backend extends {@link io.ccl.tee.tck.EvidenceVerifierContract} in its own
 * test sources and supplies real samples.
 */
@Export
@Version("1.0.0")
package io.ccl.tee.tck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
