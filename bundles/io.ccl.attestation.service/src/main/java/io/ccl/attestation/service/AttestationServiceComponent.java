package io.ccl.attestation.service;

import io.ccl.attestation.api.AppraisalGate;
import io.ccl.attestation.api.AppraisalPolicy;
import io.ccl.attestation.api.AttestationException.Kind;
import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.AttestationService;
import io.ccl.attestation.api.Challenge;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.service.ear.EarReader;
import io.ccl.attestation.service.ear.SigningKeys;
import io.ccl.attestation.service.session.ExpiringStore;
import io.ccl.attestation.service.session.Session;
import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.JwtVerifier;
import io.ccl.crypto.SigningKey;
import io.ccl.tee.api.Evidence;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The attestation service: KBS challenge–response sessions, evidence verification by the
 * verifier registered for the TEE type, appraisal by the bound {@link AppraisalPolicy}, and ES256
 * EAR tokens. Sessions and results are bounded ({@code max.sessions}) and expire.
 */
@Component(name = AttestationServiceComponent.PID, configurationPid = AttestationServiceComponent.PID,
        service = {AttestationService.class, KbsBackend.class})
@Designate(ocd = AttestationServiceComponent.Config.class)
public final class AttestationServiceComponent implements KbsBackend {
    /** Configuration PID and component name. */
    public static final String PID = "io.ccl.attestation.service";
    /**
     * Reason code of the refusal when {@code max.sessions} sessions are open. The API has no "busy"
     * kind yet, so it travels as {@link Kind#COLLATERAL_UNAVAILABLE} (HTTP 503 + Retry-After).
     */
    public static final String TOO_MANY_SESSIONS = "TOO_MANY_SESSIONS";

    /** Configuration. */
    @ObjectClassDefinition(name = "CCL attestation service",
            description = "KBS protocol verifier issuing EAR tokens.")
    public @interface Config {
        @AttributeDefinition(name = "Issuer", description = "iss of EAR tokens and OpenID issuer: the external base "
                + "URL relying parties (Vault oidc_discovery_url) reach this service at.")
        String issuer() default "http://127.0.0.1:8080";

        @AttributeDefinition(name = "Nonce lifetime (s)")
        long nonce_ttl_seconds() default 60;

        @AttributeDefinition(name = "Token lifetime (s)")
        long token_ttl_seconds() default 300;

        @AttributeDefinition(name = "Maximum open sessions", description = "Beyond it /auth answers 503.")
        int max_sessions() default 10000;

        @AttributeDefinition(name = "Maximum request body (bytes)")
        int max_body_bytes() default 1 << 20;

        @AttributeDefinition(name = "Signing key file", description = "Private P-256 JWK for EAR signing, shared by "
                + "replicas; created when absent. Empty: an ephemeral key per start.")
        String signing_key_file() default "";

        @AttributeDefinition(name = "Policy target", description = "Filter selecting the AppraisalPolicy service.")
        String policy_target() default "(objectClass=*)";

        @AttributeDefinition(name = "Accept warning", description = "Let warning results request resources.")
        boolean accept_warning() default false;
    }

    private static final int RANDOM_BYTES = 32;

    private final ServiceSettings settings;
    private final Clock clock;
    private final SigningKey signingKey;
    private final Map<String, Object> jwks;
    private final JwtVerifier tokenVerifier;
    private final SecureRandom random = new SecureRandom();
    private final VerifierRegistry verifiers = new VerifierRegistry();
    private final AtomicReference<AppraisalPolicy> policy = new AtomicReference<>();
    private final List<AppraisalGate> gates = new CopyOnWriteArrayList<>();
    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();
    private final ExpiringStore<Session> sessions;
    private final ExpiringStore<AttestationResult> results;
    private final Attestation attestation;

    /** DS constructor. */
    @Activate
    public AttestationServiceComponent(Config config, BundleContext context) throws IOException, CryptoException {
        this(new ServiceSettings(config.issuer(), Duration.ofSeconds(config.nonce_ttl_seconds()),
                Duration.ofSeconds(config.token_ttl_seconds()), config.max_sessions(), config.max_body_bytes(),
                config.accept_warning(), build(context.getBundle())), Clock.systemUTC(),
                config.signing_key_file().isBlank() ? SigningKey.generate()
                        : SigningKeys.loadOrCreate(Path.of(config.signing_key_file())));
    }

    /** A service with explicit settings, clock and signing key (tests, embedding). */
    public AttestationServiceComponent(ServiceSettings settings, Clock clock, SigningKey signingKey)
            throws CryptoException {
        this.settings = settings;
        this.clock = clock;
        this.signingKey = signingKey;
        Map<String, Object> jwk = new LinkedHashMap<>(signingKey.publicJwk());
        jwk.putIfAbsent("use", "sig");
        jwk.putIfAbsent("alg", "ES256");
        this.jwks = Map.of("keys", List.of(Map.copyOf(jwk)));
        this.tokenVerifier = JwtVerifier.forJwks(jwks);
        this.sessions = new ExpiringStore<>(settings.maxSessions(), settings.nonceTtl());
        this.results = new ExpiringStore<>(settings.maxSessions(), Duration.ZERO);
        this.attestation = new Attestation(settings, signingKey);
    }

    private static String build(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    @Deactivate
    void deactivate() {
        sessions.clear();
        results.clear();
    }

    @Reference(name = "verifier", service = EvidenceVerifier.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeVerifier")
    public void addVerifier(EvidenceVerifier verifier, Map<String, Object> props) {
        verifiers.add(verifier, props);
    }

    public void removeVerifier(EvidenceVerifier verifier, Map<String, Object> props) {
        verifiers.remove(verifier);
    }

    @Reference(name = "policy", service = AppraisalPolicy.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetPolicy")
    public void setPolicy(AppraisalPolicy appraisalPolicy) {
        policy.set(appraisalPolicy);
    }

    public void unsetPolicy(AppraisalPolicy appraisalPolicy) {
        policy.compareAndSet(appraisalPolicy, null);
    }

    @Reference(name = "gate", service = AppraisalGate.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeGate")
    public void addGate(AppraisalGate gate) {
        gates.add(gate);
    }

    public void removeGate(AppraisalGate gate) {
        gates.remove(gate);
    }

    @Reference(name = "sink", service = AuditSink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSink")
    public void addSink(AuditSink sink) {
        sinks.add(sink);
    }

    public void removeSink(AuditSink sink) {
        sinks.remove(sink);
    }

    /**
     * One audit event per attestation (issued or refused): TEE type, status, policy, finding codes,
     * the runtime's key thumbprint and the token id — never evidence, nonces or keys.
     */
    private void audit(String tee, String outcome, Map<String, String> details) {
        AuditEvent event = new AuditEvent(clock.instant(), "verifier", "attestation", tee == null ? "-" : tee, outcome, details);
        for (AuditSink sink : sinks) {
            sink.record(event);
        }
    }

    private static String thumbprintOrDash(Map<String, Object> jwk) {
        try {
            return Jwe.thumbprint(jwk);
        } catch (CryptoException | RuntimeException e) {
            return "-";
        }
    }

    @Override
    public Challenge challenge(String teeType) throws AttestationException {
        if (teeType == null || verifiers.find(teeType).isEmpty()) {
            throw new AttestationException(Kind.UNSUPPORTED_TEE, "no evidence verifier for TEE type '" + teeType
                    + "'; supported: " + verifiers.types());
        }
        Instant now = clock.instant();
        Instant expires = now.plus(settings.nonceTtl());
        Session session = new Session(randomToken(), teeType, randomToken());
        if (!sessions.putIfRoom(session.id(), session, expires, now)) {
            throw new AttestationException(Kind.COLLATERAL_UNAVAILABLE, TOO_MANY_SESSIONS,
                    "too many open attestation sessions; retry later", null);
        }
        return new Challenge(session.id(), session.nonce(), expires);
    }

    @Override
    public AttestationResult attest(String sessionId, Map<String, Object> runtimeData, Evidence evidence)
            throws AttestationException {
        Optional<ExpiringStore.Timed<Session>> taken = sessionId == null ? Optional.empty() : sessions.take(sessionId);
        if (taken.isEmpty()) {
            Attestation.auditRefusal(null, "UNKNOWN_SESSION", sessionId);
            throw new AttestationException(Kind.UNKNOWN_SESSION, "no such session, or it was already used");
        }
        Session session = taken.get().value();
        Instant now = clock.instant();
        if (taken.get().expiredAt(now)) {
            Attestation.auditRefusal(session.teeType(), "NONCE_EXPIRED", sessionId);
            throw new AttestationException(Kind.NONCE_EXPIRED, "the challenge expired at " + taken.get().expiresAt());
        }
        AttestationResult result;
        try {
            result = attestation.run(session, runtimeData, evidence, verifiers.find(session.teeType()), policy.get(),
                    List.copyOf(gates), now.truncatedTo(ChronoUnit.SECONDS), randomToken());
        } catch (AttestationException e) {
            audit(session.teeType(), AuditEvent.DENIED, Map.of("code", String.valueOf(e.reasonCode())));
            throw e;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("status", result.status().json());
        details.put("policy", String.valueOf(result.policyId()));
        details.put("findings", String.join(",", result.findings().stream().map(Finding::code).toList()));
        details.put("runtime", thumbprintOrDash(result.teePublicKey()));
        details.put("expires", String.valueOf(result.expiresAt()));
        audit(session.teeType(), AuditEvent.OK, details);
        results.putEvictingOldest(sessionId, result, result.expiresAt(), now);
        return result;
    }

    @Override
    public Set<String> supportedTeeTypes() {
        return verifiers.types();
    }

    @Override
    public Map<String, Object> jwks() {
        return jwks;
    }

    @Override
    public String issuer() {
        return settings.issuer();
    }

    @Override
    public Optional<AttestationResult> sessionResult(String sessionId) {
        return sessionId == null ? Optional.empty() : results.get(sessionId, clock.instant());
    }

    @Override
    public AttestationResult tokenResult(String token) throws CryptoException {
        Map<String, Object> claims = tokenVerifier.verify(token, clock.instant(), settings.issuer());
        return EarReader.read(token, claims);
    }

    @Override
    public boolean acceptWarning() {
        return settings.acceptWarning();
    }

    @Override
    public int maxBodyBytes() {
        return settings.maxBodyBytes();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    /** The key id of the EAR signing key. */
    public String signingKeyId() {
        return signingKey.kid();
    }

    /** Sessions currently held (open, or expired within their grace period). */
    public int openSessions() {
        return sessions.size();
    }

    private String randomToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
