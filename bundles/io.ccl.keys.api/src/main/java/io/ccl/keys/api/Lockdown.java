package io.ccl.keys.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An active lockdown.
 *
 * @param scope the runtimes it covers
 * @param reason why, for humans
 * @param actor who declared it
 * @param since when
 * @param revokedReleases the secret versions released to covered runtimes that were revoked, as
 *     {@code repo/type/tag#version}
 */
public record Lockdown(LockdownScope scope, String reason, String actor, Instant since, List<String> revokedReleases) {
    /**
     * Code of the contraindicated EAR finding a runtime in lockdown receives; a runtime that sees it
     * enters LOCKDOWN rather than DEGRADED.
     */
    public static final String FINDING = "ccl.lockdown";

    public Lockdown {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(since, "since");
        revokedReleases = List.copyOf(revokedReleases);
    }
}
