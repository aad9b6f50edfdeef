package io.ccl.benchmarks.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyBroker;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.broker.KeyBrokerImpl;
import io.ccl.keys.management.KeyManagementComponent;
import io.ccl.keys.broker.policy.ConfiguredReleasePolicy;
import io.ccl.keys.local.LocalKeyStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Release of one 32-byte secret to an attested runtime through {@link KeyBrokerImpl} (expiry and
 * tier checks, sealability of the attested key, the JSON release policy, revocation globs, the
 * lockdown check, reading the newest version from a {@link LocalKeyStorage}, the compact JWE
 * {@code ECDH-ES+A256KW}/{@code A256GCM} to the attested P-256 {@code tee-pubkey}, the audit
 * line) against the bare Nimbus JWE encryption of the same 32 bytes to the same key, with the
 * JWK parsed and the encrypter built once.
 *
 * <p>The broker runs with the real key management of {@code io.ccl.keys.management}: every
 * release checks for a lockdown and is recorded in the release ledger (a durable write only the
 * first time this runtime receives this version, as in a runtime's steady state).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReleaseBenchmark {
    private static final ResourcePath PATH = ResourcePath.parse("default/secret/api-key");
    private static final String POLICY = "{\"rules\":[{\"resources\":\"default/*/*\",\"tee_types\":[\"simulation\"],"
            + "\"min_status\":\"affirming\"}]}";

    private Path dir;
    private LocalKeyStorage store;
    private KeyBroker broker;
    private AttestationResult result;
    private ECKey runtimeKey;
    private ECDHEncrypter encrypter;
    private JWEHeader header;
    private byte[] secret;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("ccl-bench-release");
        store = new LocalKeyStorage(dir.resolve("keys"), null, Clock.systemUTC());
        secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        store.putSecret(PATH, SecretBytes.copyOf(secret, InsecureSecretAccess.get()), OptionalInt.empty());
        Path policyFile = dir.resolve("release-policy.json");
        Files.writeString(policyFile, POLICY);
        KeyBrokerImpl b = new KeyBrokerImpl(new ConfiguredReleasePolicy(policyFile),
                KeyManagementComponent.embedded(store, dir.resolve("management"), Clock.systemUTC()), defaultConfig());
        b.setStore(store);
        broker = b;

        runtimeKey = new ECKeyGenerator(Curve.P_256).keyID("runtime-1").generate();
        Instant now = Instant.now();
        result = new AttestationResult("eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "https://verifier.example", "simulation",
                EarStatus.AFFIRMING, List.of(), Map.of(), Map.of(), runtimeKey.toPublicJWK().toJSONObject(), Map.of(),
                "bench-policy", now, now.plusSeconds(24 * 3600));

        encrypter = new ECDHEncrypter(runtimeKey.toECPublicKey());
        header = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM).keyID(runtimeKey.getKeyID()).build();
        for (String jwe : new String[] {brokerRelease(), bareJwe()}) {
            JWEObject parsed = JWEObject.parse(jwe);
            parsed.decrypt(new ECDHDecrypter(runtimeKey));
            if (!Arrays.equals(secret, parsed.getPayload().toBytes())) {
                throw new IllegalStateException("a release does not open to the secret");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public String brokerRelease() throws Exception {
        return broker.release(PATH, result);
    }

    @Benchmark
    public String bareJwe() throws JOSEException {
        JWEObject jwe = new JWEObject(header, new Payload(secret));
        jwe.encrypt(encrypter);
        return jwe.serialize();
    }

    /** The broker configuration of the dev runtime: local store, configured policy, affirming only. */
    private static KeyBrokerImpl.Config defaultConfig() {
        return new KeyBrokerImpl.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return KeyBrokerImpl.Config.class;
            }

            @Override
            public String store_target() {
                return "(ccl.keys.store=local)";
            }

            @Override
            public String policy_target() {
                return "(ccl.release.policy=configured)";
            }

            @Override
            public boolean accept_warning() {
                return false;
            }

            @Override
            public String[] revoked_resources() {
                return new String[0];
            }
        };
    }
}
