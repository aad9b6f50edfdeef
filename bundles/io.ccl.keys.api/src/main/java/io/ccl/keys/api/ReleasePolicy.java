package io.ccl.keys.api;

import io.ccl.attestation.api.AttestationResult;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which attested runtimes may receive which resources. Separate from appraisal: a
 * trustworthy runtime is not automatically entitled to every secret.
 *
 * <p><b>Security guarantees.</b> Default deny: a path no rule names is refused.
 */
@ConsumerType
public interface ReleasePolicy {
    /** True when {@code result} may receive {@code path}. */
    boolean permits(ResourcePath path, AttestationResult result);
}
