package io.ccl.keys.vault.auth;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import io.ccl.keys.vault.http.VaultToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the store's Vault token and keeps it alive: the first use logs in; once two thirds of the
 * lease have passed, a renewable token is renewed with {@code auth/token/renew-self}; when the
 * token is not renewable, renewal is refused or no longer extends the lease (max TTL reached), the
 * store logs in again. A token that expired, or that Vault rejected ({@link #invalidate}), is
 * replaced by a fresh login. Time comes from the injected clock. Nothing here logs a token.
 */
public final class TokenManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);
    /** After a failed re-login while the old token is still valid: wait this long before retrying. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final VaultHttp http;
    private final VaultAuth auth;
    private final Clock clock;
    private Lease lease;
    private long logins;
    private long renewals;

    /** A token with its schedule; {@code expiresAt == null} for a token that never expires. */
    private record Lease(Login login, Instant renewAt, Instant expiresAt) {
        static Lease of(Login login, Instant now) {
            if (login.ttl().isZero()) {
                return new Lease(login, null, null);
            }
            return new Lease(login, now.plus(login.ttl().multipliedBy(2).dividedBy(3)), now.plus(login.ttl()));
        }

        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }

        boolean due(Instant now) {
            return renewAt != null && !now.isBefore(renewAt);
        }
    }

    public TokenManager(VaultHttp http, VaultAuth auth, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token that is valid now, logging in or renewing first when needed. */
    public synchronized VaultToken token() throws KeyStorageException {
        Instant now = clock.instant();
        if (lease == null || lease.expired(now)) {
            lease = login(now);
        } else if (lease.due(now)) {
            refresh(now);
        }
        return lease.login().token();
    }

    /** Forgets {@code rejected} if it is the current token, so the next call logs in afresh. */
    public synchronized void invalidate(VaultToken rejected) {
        if (lease != null && lease.login().token().sameAs(rejected)) {
            lease = null;
        }
    }

    /** For a scheduler: renews or logs in again when due, without waiting for the next request. */
    public synchronized void refreshIfDue() {
        try {
            token();
        } catch (KeyStorageException e) {
            LOG.warn("Vault token refresh failed ({}): {}", auth.describe(), e.getMessage());
        }
    }

    /** Successful logins so far (for tests and metrics). */
    public synchronized long logins() {
        return logins;
    }

    /** Successful renewals so far. */
    public synchronized long renewals() {
        return renewals;
    }

    /** Revokes a token this store obtained by logging in (best effort); a configured token is left alone. */
    @Override
    public synchronized void close() {
        if (lease != null && auth.ownsTokens() && !lease.expired(clock.instant())) {
            try {
                VaultReply reply = http.send("POST", "auth/token/revoke-self", null, lease.login().token());
                if (!reply.ok()) {
                    LOG.info("Vault did not revoke the store's token on close (HTTP {})", reply.status());
                }
            } catch (KeyStorageException e) {
                LOG.info("Vault token not revoked on close: {}", e.getMessage());
            }
        }
        lease = null;
    }

    private void refresh(Instant now) throws KeyStorageException {
        if (lease.login().renewable()) {
            Optional<Lease> renewed = renew(now);
            if (renewed.isPresent()) {
                lease = renewed.get();
                renewals++;
                return;
            }
        }
        try {
            lease = login(now);
        } catch (KeyStorageException e) {
            if (lease.expired(now)) {
                throw e;
            }
            // The current token still works until it expires: keep it and retry a little later.
            LOG.warn("Vault re-login failed ({}); keeping the current token until it expires: {}", auth.describe(), e.getMessage());
            lease = new Lease(lease.login(), now.plus(RETRY_AFTER), lease.expiresAt());
        }
    }

    private Optional<Lease> renew(Instant now) {
        VaultToken current = lease.login().token();
        VaultReply reply;
        try {
            reply = http.send("POST", "auth/token/renew-self", http.json().createObjectNode(), current);
        } catch (KeyStorageException e) {
            LOG.info("Vault token renewal failed: {}", e.getMessage());
            return Optional.empty();
        }
        if (!reply.ok()) {
            LOG.info("Vault refused to renew the token (HTTP {}: {}); logging in again", reply.status(),
                    VaultErrors.detail(reply.errors()));
            return Optional.empty();
        }
        Duration ttl = Duration.ofSeconds(Math.max(0, reply.auth().path("lease_duration").asLong()));
        boolean renewable = reply.auth().path("renewable").asBoolean(false);
        Lease renewed = Lease.of(new Login(current, ttl, renewable), now);
        if (renewed.expiresAt() == null || !renewed.expiresAt().isAfter(lease.expiresAt())) {
            LOG.info("Vault token renewal no longer extends the lease (max TTL reached); logging in again");
            return Optional.empty();
        }
        return Optional.of(renewed);
    }

    private Lease login(Instant now) throws KeyStorageException {
        Login login = auth.login(http);
        logins++;
        LOG.debug("logged in to Vault ({}), lease {}", auth.describe(), login.ttl());
        return Lease.of(login, now);
    }
}
