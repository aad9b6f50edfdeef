package io.ccl.agents.voice;

import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.JobInput;
import io.ccl.agents.api.JobView;
import io.ccl.agents.engine.audit.JobAudit;
import io.ccl.agents.engine.jobs.Engine;
import io.ccl.agents.engine.jobs.EngineSettings;
import io.ccl.agents.engine.jobs.TypeSettings;
import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.Jwe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain measurement loop (not JMH, not a test): a 30-second 16 kHz mono call through SARA with the
 * offline provider, (1) the agent alone, (2) the engine's own steps alone (attested decrypt of the
 * input JWE, sealing the result), (3) end to end through the engine one job at a time (latency from
 * acceptance to COMPLETED, from the job's timestamps), (4) throughput with the default 2 workers
 * and a queue deep enough for the batch. Run with the test classpath (see the README).
 */
public final class VoiceEngineMeasurement {
    private VoiceEngineMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        byte[] wav = Calls.wav(30);
        byte[] input = Calls.input(wav, "sara");
        TestRuntime runtime = new TestRuntime();
        runtime.provision("default/voice/deployment-key", "0123456789abcdef0123456789abcdef");
        EncryptionKey requester = EncryptionKey.generate();
        String jwe = runtime.seal(input);
        System.out.printf(Locale.ROOT, "call: 30 s, WAV %d bytes, input JSON %d bytes, input JWE %d chars%n",
                wav.length, input.length, jwe.length());

        SaraAgent sara = new SaraAgent(Configs.offline());
        StubContext ctx = new StubContext();
        AgentResult sample = sara.run(ctx, JobInput.wrap(input.clone()));
        byte[] result = sample.result().clone();
        System.out.printf(Locale.ROOT, "result: %d bytes JSON%n", result.length);

        double[] agent = time(warm, n, () -> sara.run(ctx, JobInput.wrap(input.clone())));
        double[] copy = time(warm, n, input::clone);
        double[] decrypt = time(warm, n, () -> runtime.decrypt(jwe));
        double[] seal = time(warm, n, () -> Jwe.seal(result, requester.publicJwk()));
        report("agent alone (parse, base64, analysis, result JSON)", agent);
        report("  input copy the loop needs (subtract)", copy);
        report("engine: attested decrypt of the input JWE", decrypt);
        report("engine: seal the result to the requester", seal);

        Path models = Files.createTempDirectory("ccl-measure");
        EngineSettings x = EngineSettings.defaults(models);
        // Room for every job of the run in the store (the default keeps 1000).
        EngineSettings d = new EngineSettings(x.defaultWorkers(), x.defaultQueueSize(), x.jobTimeout(), 100_000,
                x.jobsTtl(), x.resultMaxBytes(), 1L << 40, x.safeViewMaxBytes(), x.inputMaxChars(), x.modelsDir(),
                x.modelMaxBytes(), x.breachAction(), x.retryAfterSeconds(), x.removalGrace(), x.readyWait(),
                x.egressConnectTimeout(), x.egressRequestTimeout());
        try (Engine engine = new Engine(runtime, d, Clock.systemUTC(), new JobAudit(Clock.systemUTC()))) {
            engine.addAgent("sara", sara, 0, 1);
            engine.configure(TypeSettings.of("sara", new String[] {"default/voice/deployment-key"}, new String[0],
                    new String[0], 2, n + warm, 300, d, p -> {
                        throw new AssertionError(p);
                    }));
            Map<String, Object> reply = requester.publicJwk();
            List<Double> latency = new ArrayList<>();
            List<Double> run = new ArrayList<>();
            for (int i = 0; i < warm + n; i++) {
                JobView v = await(engine, engine.submit("sara", jwe, reply).id());
                if (i >= warm) {
                    latency.add(micros(v.submittedAt(), v.finishedAt()) / 1000.0);
                    run.add(micros(v.startedAt(), v.finishedAt()) / 1000.0);
                }
            }
            report("end to end, one job at a time: accepted -> COMPLETED", toArray(latency));
            report("  of which the worker's run (decrypt .. seal)", toArray(run));

            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ids.add(engine.submit("sara", jwe, reply).id());
            }
            List<Double> concurrent = new ArrayList<>();
            for (String id : ids) {
                JobView v = await(engine, id);
                concurrent.add(micros(v.submittedAt(), v.finishedAt()) / 1000.0);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "throughput, 2 workers, %d jobs submitted at once: %.0f jobs/s (%.2f s)%n",
                    n, n / seconds, seconds);
            long failed = ids.stream().filter(id -> engine.job(id).orElseThrow().errorCode() != null).count();
            System.out.printf(Locale.ROOT, "failed: %d%n", failed);
        }
        double a = percentile(agent, 50) - percentile(copy, 50);
        System.out.printf(Locale.ROOT, "overhead ratio (decrypt + seal) / agent, p50: %.2f%n",
                (percentile(decrypt, 50) + percentile(seal, 50)) / a);
    }

    interface Body {
        Object run() throws Exception;
    }

    private static double[] time(int warm, int n, Body body) throws Exception {
        for (int i = 0; i < warm; i++) {
            body.run();
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            body.run();
            out[i] = (System.nanoTime() - t) / 1e6;
        }
        return out;
    }

    private static JobView await(Engine engine, String id) throws InterruptedException {
        while (true) {
            JobView v = engine.job(id).orElseThrow();
            if (v.status().terminal()) {
                if (v.errorCode() != null) {
                    throw new AssertionError(v.errorCode() + " " + v.errorMessage());
                }
                return v;
            }
            Thread.onSpinWait();
        }
    }

    private static long micros(java.time.Instant a, java.time.Instant b) {
        return Duration.between(a, b).toNanos() / 1000;
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double percentile(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static void report(String what, double[] ms) {
        System.out.printf(Locale.ROOT, "%-58s p50 %7.3f ms  p99 %7.3f ms%n", what, percentile(ms, 50), percentile(ms, 99));
    }
}
