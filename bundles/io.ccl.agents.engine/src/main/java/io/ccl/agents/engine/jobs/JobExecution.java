package io.ccl.agents.engine.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.agents.api.AgentException;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.JobInput;
import io.ccl.agents.api.RuntimeFacts;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeOperationException;
import io.ccl.runtime.api.RuntimeStatus;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of one job: wait for READY, decrypt the input through the runtime, give the
 * agent its capability context, check and seal its result to the requester, and move the job to
 * COMPLETED or FAILED. Plaintext input and result are wiped when the attempt ends, whatever
 * happened. Never throws.
 */
final class JobExecution {
    private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private final Engine engine;

    JobExecution(Engine engine) {
        this.engine = engine;
    }

    /** How an attempt ended, applied only after its plaintext is wiped and its context ended. */
    private record Outcome(String sealed, String contentType, Map<String, Object> view, String digest, String code,
            String message) {
        static Outcome failed(String code, String message) {
            return new Outcome(null, null, null, null, code, message);
        }
    }

    void execute(Lane lane, Lane.Run run, AgentType agent, TypeSettings settings) {
        Job job = run.job;
        int attempt = run.attempt;
        ScheduledFuture<?> timer = engine.schedule(() -> lane.timeout(run), settings.jobTimeout());
        byte[] plain = null;
        AgentResult result = null;
        JobContext ctx = null;
        Outcome outcome = null;
        try {
            ConfidentialRuntime runtime = engine.runtime();
            if (!engine.readiness().await()) {
                outcome = Outcome.failed("RUNTIME_NOT_READY", "the runtime does not accept data now ("
                        + runtime.status().state() + ")");
                return;
            }
            String jwe = job.input(attempt);
            if (jwe == null) {
                return;
            }
            try {
                plain = runtime.decrypt(jwe);
            } catch (RuntimeOperationException e) {
                outcome = runtime.acceptsData()
                        ? Outcome.failed("INPUT_UNREADABLE",
                                "the input does not open with the runtime's attested key (ECDH-ES+A256KW, A256GCM)")
                        : Outcome.failed("RUNTIME_NOT_READY", "the runtime stopped accepting data");
                return;
            }
            job.inputDigest(attempt, Digests.sha256Hex(plain));
            ctx = new JobContext(job.id(), settings, runtime, engine.readiness(), engine.modelStore(), engine.httpClient(),
                    engine.settings().egressRequestTimeout(), facts(runtime), engine.contextEvents());
            if (!lane.attach(run, ctx)) {
                return;
            }
            result = agent.run(ctx, JobInput.wrap(plain));
            job.modelsUsed(attempt, ctx.modelsUsed());
            outcome = check(job, result);
        } catch (AgentException e) {
            if (ctx != null) {
                job.modelsUsed(attempt, ctx.modelsUsed());
            }
            outcome = Outcome.failed(e.code(), safe(e.getMessage()));
        } catch (InterruptedException e) {
            outcome = Outcome.failed("INTERRUPTED", "the job was interrupted");
        } catch (Throwable t) {
            // The message of an agent's exception may quote its input: name the type only.
            if (t instanceof VirtualMachineError) {
                LOG.error("job {} of type {}: the agent failed with {}", job.id(), job.type(), t.getClass().getName());
            }
            outcome = Outcome.failed("AGENT_ERROR", "the agent failed with " + t.getClass().getName());
        } finally {
            timer.cancel(false);
            // Wipe and revoke first, so that a job seen as ended has no plaintext or capability left.
            if (ctx != null) {
                ctx.end();
            }
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            if (result != null) {
                Arrays.fill(result.result(), (byte) 0);
            }
            if (outcome != null) {
                apply(job, attempt, outcome);
            }
        }
    }

    /** Checks and seals a result; a failure outcome when it cannot be delivered. */
    private Outcome check(Job job, AgentResult result) {
        if (result == null) {
            return Outcome.failed("AGENT_ERROR", "the agent returned no result");
        }
        if (result.result().length > engine.settings().resultMaxBytes()) {
            return Outcome.failed("RESULT_TOO_LARGE", "the result exceeds " + engine.settings().resultMaxBytes()
                    + " bytes");
        }
        Map<String, Object> view = copySafeView(result.safeView());
        if (view == null) {
            return Outcome.failed("SAFE_VIEW_INVALID", "the safe view is not JSON or exceeds "
                    + engine.settings().safeViewMaxBytes() + " bytes");
        }
        String digest = Digests.sha256Hex(result.result());
        try {
            return new Outcome(Jwe.seal(result.result(), job.replyTo()), result.contentType(), view, digest, null, null);
        } catch (CryptoException e) {
            return Outcome.failed("RESULT_SEALING_FAILED", "the result cannot be sealed to reply_to (" + e.reason() + ")");
        }
    }

    /** Moves the job to its terminal state unless a cancellation already did. */
    private void apply(Job job, int attempt, Outcome o) {
        boolean moved = o.code() == null
                ? job.complete(attempt, o.sealed(), o.contentType(), o.view(), o.digest(), engine.now())
                : job.failRun(attempt, o.code(), o.message(), engine.now());
        if (moved) {
            engine.ended(job);
        }
    }

    private static RuntimeFacts facts(ConfidentialRuntime runtime) {
        RuntimeStatus s = runtime.status();
        boolean attested = runtime.acceptsData();
        return new RuntimeFacts(s.teeType(), s.insecureTee(), attested, s.memoryEncryptionActive() && !s.insecureTee());
    }

    /** A deep copy made of plain JSON values, or null when it is not JSON or too large. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> copySafeView(Map<String, Object> view) {
        try {
            byte[] json = JSON.writeValueAsBytes(view);
            if (json.length > engine.settings().safeViewMaxBytes()) {
                return null;
            }
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Printable, bounded message text. */
    static String safe(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String s = message.replaceAll("\\p{Cntrl}", " ");
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s;
    }
}
