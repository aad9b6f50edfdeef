package io.ccl.keys.broker;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyBroker;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageHandle;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.keys.api.ReleaseDeniedException.Reason;
import io.ccl.keys.api.ReleasePolicy;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.broker.policy.ResourceGlob;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key broker: releases the newest version of a secret to an attested runtime, sealed as a
 * compact JWE ({@code ECDH-ES+A256KW} or {@code RSA-OAEP-256}, {@code A256GCM}) to the
 * {@code tee-pubkey} bound into its evidence.
 *
 * <p>Checks, in order, each with its denial reason: a result exists and has not expired at the
 * clock's now ({@code ATTESTATION_EXPIRED}); its tier is affirming, or warning when
 * {@code accept.warning} is set ({@code NOT_ATTESTED}); its key can be sealed to
 * ({@code NO_TEE_KEY}); the release policy grants the path ({@code POLICY_DENIED}); the path is not
 * revoked by configuration and the runtime is not in a lockdown ({@code REVOKED}); the store has
 * a live newest version ({@code NOT_FOUND}; {@code REVOKED} when the newest version was deleted or
 * the store reports its key unusable; {@code UNAVAILABLE} for any other store failure); the release
 * is recorded in the key management ledger, so a later lockdown can revoke it
 * ({@code UNAVAILABLE} when that fails). Every decision
 * is audited by {@link ReleaseAudit}.
 */
@Component(service = KeyBroker.class, configurationPid = KeyBrokerImpl.PID)
@Designate(ocd = KeyBrokerImpl.Config.class)
public final class KeyBrokerImpl implements KeyBroker {
    /** Configuration PID. */
    public static final String PID = "io.ccl.keys.broker";

    private static final Logger LOG = LoggerFactory.getLogger(KeyBrokerImpl.class);

    @ObjectClassDefinition(name = "CCL key broker",
            description = "Releases secrets to attested runtimes, sealed as JWE to their attested key.")
    public @interface Config {
        @AttributeDefinition(name = "Key store", description = "LDAP filter selecting the KeyStorage service.")
        String store_target() default "(ccl.keys.store=local)";

        @AttributeDefinition(name = "Release policy", description = "LDAP filter selecting the ReleasePolicy service.")
        String policy_target() default "(ccl.release.policy=configured)";

        @AttributeDefinition(name = "Accept warning",
                description = "Also release to results with EAR status 'warning'; each policy rule's min_status still applies.")
        boolean accept_warning() default false;

        @AttributeDefinition(name = "Revoked resources",
                description = "repo/type/tag patterns ('*' within one segment) never released, whatever the policy grants.")
        String[] revoked_resources() default {};
    }

    private final KeyStorage store;
    private final ReleasePolicy policy;
    private final KeyManagement management;
    private final boolean acceptWarning;
    private final List<ResourceGlob> revoked;
    private final Clock clock;
    private final ReleaseAudit audit;

    /**
     * DS constructor. An invalid revoked-resource pattern fails activation: no broker is better
     * than one that would release a resource meant to be revoked.
     */
    @Activate
    public KeyBrokerImpl(@Reference(name = "policy", target = "(ccl.release.policy=configured)") ReleasePolicy policy,
            @Reference(name = "management") KeyManagement management, Config config) {
        this(new KeyStorageHandle(), policy, management, config.accept_warning(),
                Arrays.stream(config.revoked_resources()).filter(p -> !p.isBlank()).map(ResourceGlob::parse).toList(),
                Clock.systemUTC(), new ReleaseAudit());
    }

    KeyBrokerImpl(KeyStorage store, ReleasePolicy policy, KeyManagement management, boolean acceptWarning,
            List<ResourceGlob> revoked, Clock clock, ReleaseAudit audit) {
        this.store = Objects.requireNonNull(store, "store");
        this.management = Objects.requireNonNull(management, "management");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.acceptWarning = acceptWarning;
        this.revoked = List.copyOf(revoked);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * The key store, optional and dynamic so a store bundle can be swapped in place while the broker
     * serves; meanwhile releases are refused UNAVAILABLE (the target filter is {@code store.target}).
     */
    @Reference(name = "store", service = KeyStorage.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetStore")
    public void setStore(KeyStorage s) {
        if (store instanceof KeyStorageHandle handle) {
            handle.bind(s);
        }
    }

    public void unsetStore(KeyStorage s) {
        if (store instanceof KeyStorageHandle handle) {
            handle.unbind(s);
        }
    }

    @Override
    public String release(ResourcePath path, AttestationResult result) throws ReleaseDeniedException {
        Objects.requireNonNull(path, "path");
        try {
            Secret secret = authorize(path, result);
            try {
                String jwe = seal(secret, result);
                record(path, result, secret.version());
                audit.released(path, result, secret.version());
                return jwe;
            } finally {
                secret.value().destroy();
            }
        } catch (ReleaseDeniedException e) {
            audit.denied(path, result, e.reason());
            throw e;
        }
    }

    private Secret authorize(ResourcePath path, AttestationResult result) throws ReleaseDeniedException {
        if (result == null) {
            throw new ReleaseDeniedException(Reason.NOT_ATTESTED, "no attestation result");
        }
        Instant now = clock.instant();
        if (result.expiresAt() == null || !now.isBefore(result.expiresAt())) {
            throw new ReleaseDeniedException(Reason.ATTESTATION_EXPIRED, "the attestation result expired at " + result.expiresAt());
        }
        if (!result.trustworthyAt(now, acceptWarning)) {
            throw new ReleaseDeniedException(Reason.NOT_ATTESTED, "attestation status '" + result.status().json()
                    + "' is not trusted for release (accept.warning=" + acceptWarning + ")");
        }
        if (!Jwe.isSealable(result.teePublicKey())) {
            throw new ReleaseDeniedException(Reason.NO_TEE_KEY,
                    "the attestation result carries no public EC P-256/384/521 or RSA >= 2048 key to seal to");
        }
        if (!permitted(path, result)) {
            throw new ReleaseDeniedException(Reason.POLICY_DENIED, "the release policy does not grant " + path + " to this attester");
        }
        if (revoked.stream().anyMatch(glob -> glob.matches(path))) {
            throw new ReleaseDeniedException(Reason.REVOKED, path + " is revoked");
        }
        Optional<Lockdown> lockdown = management.lockdownFor(result);
        if (lockdown.isPresent()) {
            throw new ReleaseDeniedException(Reason.REVOKED, "the attested runtime is in lockdown ("
                    + lockdown.get().scope() + ")");
        }
        try {
            Optional<Secret> secret = store.getSecret(path);
            if (secret.isPresent()) {
                return secret.get();
            }
            List<SecretVersion> versions = store.secretVersions(path);
            if (!versions.isEmpty()) {
                throw new ReleaseDeniedException(Reason.REVOKED, "the newest version of " + path
                        + " is revoked; write a new version");
            }
            throw new ReleaseDeniedException(Reason.NOT_FOUND, "no resource " + path);
        } catch (KeyStorageException e) {
            throw storeFailure(path, e);
        }
    }

    /** Records the release in the ledger first: what a lockdown cannot find, it cannot revoke. */
    private void record(ResourcePath path, AttestationResult result, int version) throws ReleaseDeniedException {
        try {
            management.recordRelease(result, path, version);
        } catch (KeyStorageException e) {
            LOG.error("release of {} refused: the release ledger failed ({})", path, e.reason());
            throw new ReleaseDeniedException(Reason.UNAVAILABLE, "the key store is unavailable");
        }
    }

    private boolean permitted(ResourcePath path, AttestationResult result) {
        try {
            return policy.permits(path, result);
        } catch (RuntimeException e) {
            LOG.error("release policy failed on {} ({}); denying", path, e.getClass().getName());
            return false;
        }
    }

    private static ReleaseDeniedException storeFailure(ResourcePath path, KeyStorageException e) {
        switch (e.reason()) {
            case NOT_FOUND:
                return new ReleaseDeniedException(Reason.NOT_FOUND, "no resource " + path);
            case KEY_UNUSABLE:
                return new ReleaseDeniedException(Reason.REVOKED, "the key protecting " + path + " is revoked or retired");
            case INTEGRITY:
                LOG.error("stored secret {} failed its integrity check: {}", path, e.getMessage());
                return new ReleaseDeniedException(Reason.UNAVAILABLE, "the key store is unavailable");
            default:
                LOG.warn("key store failed reading {}: {} ({})", path, e.reason(), e.getMessage());
                return new ReleaseDeniedException(Reason.UNAVAILABLE, "the key store is unavailable");
        }
    }

    private static String seal(Secret secret, AttestationResult result) throws ReleaseDeniedException {
        byte[] plaintext = secret.value().reveal(InsecureSecretAccess.get());
        try {
            return Jwe.seal(plaintext, result.teePublicKey());
        } catch (CryptoException e) {
            throw new ReleaseDeniedException(Reason.NO_TEE_KEY, "cannot seal to the attested key");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
