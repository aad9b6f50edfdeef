package io.ccl.agents.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.api.AgentModel;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.api.ModelInfo;
import io.ccl.agents.engine.egress.EgressPolicy;
import io.ccl.agents.engine.model.ModelFile;
import io.ccl.agents.engine.model.ModelTool;
import io.ccl.keys.api.ResourcePath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models through a job: granted, digest-checked, wiped afterwards; tampered ones fail the job. */
class ModelJobTest {
    private static final ResourcePath KEY = ResourcePath.parse("default/model-key/lexicon");
    private static final byte[] MODEL = "lexicon v1".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void grantedModelsLoadAndTamperedOnesFailTheJob() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String digest = ModelTool.seal(dir, "lexicon", MODEL, key, KEY);
        ModelTool.seal(dir, "secret-model", MODEL, key, KEY);
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 2))) {
            h.runtime.provision(KEY, key);
            AtomicReference<AgentModel> kept = new AtomicReference<>();
            h.engine.addAgent("m", TestAgents.agent("m", (ctx, in) -> {
                AgentModel m = ctx.model(new String(readAll(in.data()), StandardCharsets.US_ASCII));
                kept.set(m);
                return AgentResult.json(readAll(m.bytes()), Map.of("model", m.sha256()));
            }), 0, 1);
            h.engine.configure(new TypeSettings("m", true, Set.of(), EgressPolicy.none(),
                    Map.of("lexicon", Optional.empty()), 1, 2, Duration.ofMinutes(1)));
            assertEquals(List.of(new ModelInfo("lexicon", digest), new ModelInfo("secret-model", digest)),
                    h.engine.models());

            JobView ok = h.await(h.submit("m", "lexicon".getBytes()).id());
            assertEquals(JobStatus.COMPLETED, ok.status(), ok.errorCode() + " " + ok.errorMessage());
            assertEquals(List.of(new ModelInfo("lexicon", digest)), ok.models());
            assertEquals("lexicon v1", new String(h.requester.open(ok.result()), StandardCharsets.US_ASCII));
            ByteBuffer after = kept.get().bytes();
            while (after.hasRemaining()) {
                assertEquals(0, after.get(), "the model buffer is wiped when the job ends");
            }

            assertEquals("MODEL_NOT_GRANTED", h.await(h.submit("m", "secret-model".getBytes()).id()).errorCode());

            // Tampered ciphertext.
            Path file = dir.resolve("lexicon.cclm");
            byte[] good = Files.readAllBytes(file);
            byte[] bad = good.clone();
            bad[bad.length - 20] ^= 0x40;
            Files.write(file, bad);
            JobView tampered = h.await(h.submit("m", "lexicon".getBytes()).id());
            assertEquals(JobStatus.FAILED, tampered.status());
            assertEquals("MODEL_DECRYPTION_FAILED", tampered.errorCode());

            // Replaced by someone holding the key: decrypts, but the digest is wrong.
            Files.write(file, ModelFile.seal("lexicon", "lexicon v2 (poisoned)".getBytes(), key));
            JobView swapped = h.await(h.submit("m", "lexicon".getBytes()).id());
            assertEquals("MODEL_DIGEST_MISMATCH", swapped.errorCode());
            assertTrue(swapped.errorMessage().contains(digest));
            EngineHarness.until(() -> h.events("job.fail").size() == 3, "audited");
            assertEquals("MODEL_DIGEST_MISMATCH", h.events("job.fail").get(2).details().get("error"));
        }
    }

    private static byte[] readAll(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
