package io.ccl.cli;

import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.SignedTreeHead;
import io.ccl.receipts.api.TreeHead;
import io.ccl.receipts.api.TreeHeadSignature;
import io.ccl.receipts.api.TreeHeadSigner;
import io.ccl.receipts.log.FileTransparencyLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real file transparency log whose tree heads are signed by a "runtime" key and carry an EAR
 * that a fake attestation service key signed over runtime-data naming that key, as the runtime
 * and io.ccl.attestation.service do.
 */
final class AttestedLog implements AutoCloseable {
    static final String ISSUER = "https://verifier.test";

    final SigningKey verifierKey;
    final SigningKey runtimeKey = SigningKey.generate();
    final FileTransparencyLog log;
    private volatile String ear;

    AttestedLog(Path dir, SigningKey verifierKey) throws Exception {
        this.verifierKey = verifierKey;
        this.ear = ear("affirming", runtimeKey);
        this.log = new FileTransparencyLog(dir, new FileTransparencyLog.Settings(1 << 20, Duration.ZERO, 64 << 10, 10_000,
                Duration.ZERO, Duration.ZERO), Clock.systemUTC());
        log.setSigner(new TreeHeadSigner() {
            @Override
            public String keyId() {
                return runtimeKey.kid();
            }

            @Override
            public TreeHeadSignature sign(byte[] message) {
                return new TreeHeadSignature(runtimeKey.kid(), runtimeKey.sign(message), ear);
            }
        });
    }

    /** The attestation service's JWKS. */
    Map<String, Object> jwks() {
        return Map.of("keys", List.of(verifierKey.publicJwk()));
    }

    /** From now on, heads carry {@code token}. */
    void useEar(String token) {
        ear = token;
    }

    /** An EAR (valid from a minute ago for an hour) with {@code status} vouching for {@code key}. */
    String ear(String status, SigningKey key) {
        return ear(verifierKey, status, key.publicJwk(), Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    }

    /** The claims io.ccl.attestation.service's EarToken writes, signed by {@code signer}. */
    static String ear(SigningKey signer, String status, Map<String, Object> signingJwk, Instant iat, Instant exp) {
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        runtimeData.put("nonce", "bm9uY2U");
        runtimeData.put("tee-pubkey", SigningKey.generate().publicJwk());
        runtimeData.put("measurements", "sha384:" + "00".repeat(48));
        runtimeData.put("ccl-signing-key", signingJwk);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("eat_profile", "tag:github.com,2023:veraison/ear");
        c.put("iss", ISSUER);
        c.put("sub", "tee-key-thumbprint");
        c.put("iat", iat.getEpochSecond());
        c.put("exp", exp.getEpochSecond());
        c.put("jti", "t-" + System.nanoTime());
        c.put("ear.verifier-id", Map.of("developer", "io.ccl", "build", "test"));
        c.put("submods", Map.of("simulation", Map.of("ear.status", status, "ear.appraisal-policy-id", "policy:test")));
        c.put("ccl.status", status);
        c.put("ccl.tee", "simulation");
        c.put("ccl.runtime-data", runtimeData);
        c.put("ccl.findings", List.of());
        return signer.signJwt(c, "JWT");
    }

    void append(int count, String tag) throws Exception {
        for (int i = 0; i < count; i++) {
            log.append(NewEntry.of("audit", Map.of("action", "job.run", "tag", tag, "n", i)));
        }
    }

    /** A freshly signed head of the log's current size. */
    SignedTreeHead head() throws Exception {
        return log.signTreeHead();
    }

    Receipt receipt(long index) throws Exception {
        return log.receipt(index);
    }

    /** Any head, signed by the runtime key with the current EAR (how a compromised runtime forks). */
    SignedTreeHead sign(TreeHead head) {
        return new SignedTreeHead(head, new TreeHeadSignature(runtimeKey.kid(),
                runtimeKey.sign(head.signedMessage(runtimeKey.kid())), ear));
    }

    @Override
    public void close() {
        log.close();
    }
}
