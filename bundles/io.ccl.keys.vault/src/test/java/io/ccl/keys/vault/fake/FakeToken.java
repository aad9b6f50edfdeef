package io.ccl.keys.vault.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** A token of the fake's token store. {@code expiresAt == null}: never expires (root). */
final class FakeToken {
    final String id;
    final Set<String> policies;
    final Duration ttl;
    final boolean renewable;
    final Instant maxExpiresAt;
    Instant expiresAt;

    FakeToken(String id, Set<String> policies, Duration ttl, boolean renewable, Instant expiresAt, Instant maxExpiresAt) {
        this.id = id;
        this.policies = Set.copyOf(policies);
        this.ttl = ttl;
        this.renewable = renewable;
        this.expiresAt = expiresAt;
        this.maxExpiresAt = maxExpiresAt;
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    long remainingSeconds(Instant now) {
        return expiresAt == null ? 0 : Math.max(0, Duration.between(now, expiresAt).getSeconds());
    }
}
