/**
 * TEE API: what a TEE backend provides to produce evidence inside a trusted execution environment.
 *
 * <p>Plugin authors implement {@link io.ccl.tee.api.Attester} and register it as a DS component
 * annotated with {@link io.ccl.tee.api.TeeType}. The runtime finds attesters by the
 * {@code ccl.tee.type} service property; no central list names them.
 */
@Export
@Version("1.0.0")
package io.ccl.tee.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
