package io.ccl.cli;

import io.ccl.receipts.api.AttestedKey;
import io.ccl.receipts.api.ConsistencyProof;
import io.ccl.receipts.api.ReceiptException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.ReceiptVerifier;
import io.ccl.receipts.api.SignedTreeHead;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ccl log audit --url RUNTIME_URL}: fetches the runtime's current signed tree head, verifies
 * it and the EAR binding of its key, and checks that it extends the head this machine saw last for
 * the same log (RFC 9162 consistency proof from the runtime). A smaller tree, a different root at
 * the same size, or a proof that does not verify means the log was rolled back or forked: the
 * audit is rejected and the state file keeps the old head. On success the new head is stored.
 */
final class LogAuditCommand {
    static final Set<String> VALUED = Set.of("url", "state", "trust-root", "trust-url", "issuer", "log-id");
    static final Set<String> FLAGS = Set.of("allow-warning");
    static final String TREE_HEAD_PATH = "/api/v1/log/tree-head";
    static final String CONSISTENCY_PATH = "/api/v1/log/consistency";
    static final int MAX_TREE_HEAD = 64 << 10;
    /** 65 hashes of 64 hex digits plus members: far below this. */
    static final int MAX_PROOF = 64 << 10;

    private final Options options;
    private final HttpFetcher http;

    LogAuditCommand(Options options, HttpFetcher http) {
        this.options = options;
        this.http = http;
    }

    int run(PrintStream out) throws UsageException {
        String base = TrustRoot.baseUrl(options.required("url"), "url");
        String pinnedLog = ReceiptCommand.logId(options);
        String stateOption = options.optional("state");
        Path statePath = (stateOption == null ? LogHeadState.defaultFile() : Path.of(stateOption)).toAbsolutePath();
        Outcome outcome = new Outcome().with("url", base).with("state_file", statePath.toString()).with("state_updated", false);
        TrustRoot trust;
        SignedTreeHead head;
        try {
            trust = TrustRoot.load(options, http);
            outcome.with("trust_root", trust.describe());
            head = ReceiptJson.readSignedTreeHead(http.get(TrustRoot.endpoint(base, TREE_HEAD_PATH), MAX_TREE_HEAD));
        } catch (HttpFetcher.FetchException e) {
            return e.reportTo(outcome).print(out);
        } catch (ReceiptException e) {
            return outcome.rejected(e.reason().name(), "tree head: " + e.getMessage()).print(out);
        }
        ReceiptCommand.treeHead(outcome, head);
        AttestedKey key;
        try {
            key = trust.verifier().verifyTreeHead(head, pinnedLog);
        } catch (ReceiptException e) {
            return outcome.rejected(e.reason().name(), e.getMessage()).print(out);
        }
        ReceiptCommand.attested(outcome, key);

        try (LogHeadState state = LogHeadState.open(statePath)) {
            Optional<SignedTreeHead> previous = state.head(head.treeHead().logId());
            if (previous.isPresent()) {
                outcome.with("previous", describe(previous.get()));
                if (!extendsPrevious(base, previous.get(), head, outcome)) {
                    return outcome.print(out);
                }
            } else {
                outcome.with("consistency", "first-seen");
            }
            try {
                state.put(head, base, Instant.now());
                state.save();
            } catch (IOException e) {
                return outcome.rejected("STATE_WRITE_FAILED", "the verified head could not be stored: " + e.getMessage())
                        .print(out);
            }
            return outcome.verified().with("state_updated", true).print(out);
        } catch (IOException e) {
            return outcome.rejected("STATE_UNUSABLE", e.getMessage()).print(out);
        }
    }

    /**
     * Whether {@code head} extends {@code previous}; records {@code consistency} on success, the
     * rejection otherwise.
     */
    private boolean extendsPrevious(String base, SignedTreeHead previous, SignedTreeHead head, Outcome outcome) {
        long m = previous.treeSize();
        long n = head.treeSize();
        if (n < m) {
            outcome.rejected("ROLLBACK", "the log served a tree of " + n + " entries after one of " + m
                    + " was seen: rolled back or forked");
            return false;
        }
        ConsistencyProof proof;
        if (m == n || m == 0) {
            // Nothing to prove beyond equal roots (m == n) or the empty tree (m == 0): no request.
            proof = new ConsistencyProof(m, n, List.of());
        } else {
            try {
                proof = ReceiptJson.readConsistencyProof(http.get(
                        TrustRoot.endpoint(base, CONSISTENCY_PATH + "?first=" + m + "&second=" + n), MAX_PROOF));
            } catch (HttpFetcher.FetchException e) {
                e.reportTo(outcome);
                return false;
            } catch (ReceiptException e) {
                outcome.rejected(e.reason().name(), "consistency proof: " + e.getMessage());
                return false;
            }
        }
        try {
            ReceiptVerifier.verifyConsistency(previous.treeHead(), head.treeHead(), proof);
            outcome.with("consistency", m == n ? "same-size" : "proved");
            return true;
        } catch (ReceiptException e) {
            outcome.with("consistency", "failed");
            outcome.rejected(e.reason().name(), e.getMessage() + (e.reason() == ReceiptException.Reason.INCONSISTENT
                    ? ": the log was forked or rewritten" : ""));
            return false;
        }
    }

    private static Map<String, Object> describe(SignedTreeHead head) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tree_size", head.treeSize());
        m.put("root_hash", head.treeHead().rootHashHex());
        m.put("tree_head_time", head.treeHead().timestamp().toString());
        m.put("key_id", head.keyId());
        return m;
    }
}
