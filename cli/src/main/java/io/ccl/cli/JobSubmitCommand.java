package io.ccl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ccl job submit --url URL --agent TYPE --audio WAV --metadata JSON}: attests the runtime
 * ({@link RuntimeAttestation}; nothing is sent unless its evidence verifies and binds our nonce and
 * its {@code tee-pubkey}), seals the job input to that key, submits it with a fresh requester key
 * as {@code reply_to} (retrying 503 answers with backoff), polls the job until it ends, and opens
 * and checks the result. Everything within {@code --wait} seconds of the submission.
 */
final class JobSubmitCommand {
    static final Set<String> VALUED = Set.of("url", "agent", "audio", "metadata", "trust-key", "wait", "key-out");
    static final Pattern AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int DEFAULT_WAIT = 120;
    static final int MAX_WAIT = 86_400;
    static final int MAX_ACCEPTED = 64 << 10;
    /** A result of the engine's default 4 MiB limit is ~5.6 MB as JWE. */
    static final int MAX_VIEW = 16 << 20;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration FIRST_POLL = Duration.ofMillis(250);
    static final Duration MAX_POLL = Duration.ofSeconds(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Options options;
    private final HttpFetcher http;

    JobSubmitCommand(Options options, HttpFetcher http) {
        this.options = options;
        this.http = http;
    }

    int run(PrintStream out) throws UsageException {
        String base = TrustRoot.baseUrl(options.required("url"), "url");
        String agent = agent(options.required("agent"));
        Duration wait = Duration.ofSeconds(seconds(options.optional("wait")));
        Path keyOut = keyOut(options.optional("key-out"));
        Path audio = Path.of(options.required("audio"));
        Path metadata = Path.of(options.required("metadata"));
        VerifyCommand.trustKey(options);
        byte[] input = JobInput.build(audio, metadata, agent);
        JobReport report = new JobReport().with("agent_type", agent).with("url", base).with("submitted", false);
        try {
            return submit(report, base, agent, input, wait, keyOut, out);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private int submit(JobReport report, String base, String agent, byte[] input, Duration wait, Path keyOut, PrintStream out) {
        Instant now = Instant.now();
        RuntimeAttestation.Result attestation = RuntimeAttestation.challenge(http, base, now);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tee", attestation.tee());
        summary.put("verified", attestation.verified());
        report.with("attestation", summary);
        if (!attestation.verified()) {
            summary.put("reason", attestation.reason());
            summary.put("detail", attestation.detail());
            summary.putAll(attestation.extra());
            return report.failed("ATTESTATION_REJECTED", "the runtime's attestation did not verify: nothing was sent").print(out);
        }
        summary.put("claims", attestation.claims());
        Map<String, Object> teeKey = attestation.teePubkey().filter(Jwe::isSealable).orElse(null);
        if (teeKey == null) {
            return report.failed("TEE_KEY_UNUSABLE", "the attested runtime-data has no tee-pubkey that can be sealed to: "
                    + "nothing was sent").print(out);
        }
        String sealed;
        try {
            summary.put("tee_pubkey_thumbprint", Jwe.thumbprint(teeKey));
            summary.put("runtime_verifier", RuntimeAttestation.runtimeVerdict(http, base, attestation.token(), now));
            sealed = Jwe.seal(input, teeKey);
        } catch (CryptoException e) {
            return report.failed("TEE_KEY_UNUSABLE", "cannot seal to the attested tee-pubkey (" + e.reason() + "): nothing was sent")
                    .print(out);
        }
        String inputSha = JobInput.sha256(input);
        RequesterKey key = RequesterKey.generate();
        if (keyOut != null) {
            try {
                key.writeNew(keyOut);
            } catch (IOException e) {
                return report.failed("KEY_WRITE_FAILED", "cannot write the requester key to " + keyOut + ": nothing was sent")
                        .print(out);
            }
            report.with("key_file", keyOut.toString());
        }
        byte[] body;
        try {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("input", sealed);
            request.put("reply_to", key.publicJwk());
            body = MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string and a JWK always serialize", e);
        }
        Instant deadline = Instant.now().plus(wait);
        String id = post(report, TrustRoot.endpoint(base, "/api/v1/agents/" + agent + "/jobs"), body, deadline);
        if (id == null) {
            if (keyOut != null) {
                // No job id came back: no result will ever be sealed to this key.
                try {
                    Files.deleteIfExists(keyOut);
                    report.without("key_file");
                } catch (IOException e) {
                    report.with("key_file_left", keyOut.toString());
                }
            }
            return report.print(out);
        }
        report.with("job", id).with("submitted", true);
        JobView view = poll(report, TrustRoot.endpoint(base, "/api/v1/jobs/" + id), id, deadline, wait);
        if (view == null) {
            return report.print(out);
        }
        if (!agent.equals(view.agentType())) {
            return report.failed("MALFORMED", "the job view names another agent type").print(out);
        }
        return view.reportTo(report, key, inputSha).print(out);
    }

    /** POSTs the job, retrying 503 answers until {@code deadline}; its id, or null with the failure in {@code report}. */
    private String post(JobReport report, URI uri, byte[] body, Instant deadline) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            report.with("attempts", attempt);
            byte[] accepted;
            try {
                accepted = http.postJson(uri, body, MAX_ACCEPTED);
            } catch (HttpFetcher.FetchException e) {
                Duration delay = e.retryAfterSeconds() > backoff.toSeconds() ? Duration.ofSeconds(e.retryAfterSeconds()) : backoff;
                if (e.status() != 503 || Instant.now().plus(delay).isAfter(deadline)) {
                    report.failed(e);
                    if (e.status() == 503) {
                        report.with("detail", e.getMessage() + " (gave up: the next try would be after --wait)");
                    }
                    return null;
                }
                if (!sleep(report, delay)) {
                    return null;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(accepted);
            } catch (IOException e) {
                node = null;
            }
            String id = node == null ? null : node.path("id").asText(null);
            if (id == null || !JobView.ID.matcher(id).matches()) {
                report.failed("MALFORMED", "the runtime accepted the job but its answer has no valid job id");
                return null;
            }
            return id;
        }
    }

    /** Polls the job until it ended or {@code deadline}; its view, or null with the failure in {@code report}. */
    private JobView poll(JobReport report, URI uri, String id, Instant deadline, Duration wait) {
        Duration interval = FIRST_POLL;
        String lastStatus = "QUEUED";
        String lastProblem = null;
        while (true) {
            try {
                JobView view = JobView.parse(http.get(uri, MAX_VIEW), id);
                if (view.ended()) {
                    return view;
                }
                lastStatus = view.status();
                lastProblem = null;
            } catch (HttpFetcher.FetchException e) {
                // The runtime restarting or overloaded: keep trying until the deadline. Anything else is final.
                if (!"UNAVAILABLE".equals(e.reason()) && e.status() / 100 != 5) {
                    report.failed(e);
                    return null;
                }
                lastProblem = e.getMessage();
            } catch (JobView.MalformedView e) {
                report.failed("MALFORMED", e.getMessage());
                return null;
            }
            if (Instant.now().plus(interval).isAfter(deadline)) {
                report.with("status", lastStatus).failed("TIMEOUT", "the job did not end within --wait " + wait.toSeconds() + " s"
                        + (lastProblem == null ? "" : " (last poll: " + lastProblem + ")")
                        + "; its result can be fetched later only with the key written by --key-out");
                return null;
            }
            if (!sleep(report, interval)) {
                return null;
            }
            interval = interval.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : interval.multipliedBy(2);
        }
    }

    private static boolean sleep(JobReport report, Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.failed("INTERRUPTED", "interrupted while waiting");
            return false;
        }
    }

    static String agent(String value) throws UsageException {
        if (!AGENT.matcher(value).matches()) {
            throw new UsageException("--agent must be an agent type name (letters, digits, '.', '_', '-'; at most 64)");
        }
        return value;
    }

    static int seconds(String value) throws UsageException {
        if (value == null) {
            return DEFAULT_WAIT;
        }
        if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_WAIT) {
            throw new UsageException("--wait must be a number of seconds from 1 to " + MAX_WAIT);
        }
        return Integer.parseInt(value);
    }

    /** {@code --key-out}: a file that does not exist yet, in a directory that does. */
    static Path keyOut(String value) throws UsageException {
        if (value == null) {
            return null;
        }
        Path p = Path.of(value).toAbsolutePath();
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--key-out " + value + " exists: it is never overwritten");
        }
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            throw new UsageException("--key-out " + value + ": no such directory");
        }
        return p;
    }
}
