package io.ccl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.receipts.api.AttestedKey;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.ReceiptException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.SignedTreeHead;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ccl receipt verify FILE}: offline verification of one receipt (ReceiptJson form) against
 * the attestation service's key set — the EAR carried with the tree head, the binding of the
 * signing key to it, the tree head signature and the inclusion proof
 * ({@link io.ccl.receipts.api.AttestedReceiptVerifier}). Only {@code --trust-url} touches the
 * network, once, for the key set.
 */
final class ReceiptCommand {
    static final Set<String> VALUED = Set.of("trust-root", "trust-url", "issuer", "log-id");
    static final Set<String> FLAGS = Set.of("allow-warning");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Options options;
    private final HttpFetcher http;

    ReceiptCommand(Options options, HttpFetcher http) {
        this.options = options;
        this.http = http;
    }

    int run(PrintStream out) throws UsageException {
        if (options.positional().size() != 1) {
            throw new UsageException("receipt verify needs exactly one receipt FILE");
        }
        Path file = Path.of(options.positional().get(0));
        String logId = logId(options);
        byte[] json = VerifyCommand.read(file);
        Outcome outcome = new Outcome().with("file", file.toAbsolutePath().toString());
        TrustRoot trust;
        try {
            trust = TrustRoot.load(options, http);
        } catch (HttpFetcher.FetchException e) {
            return e.reportTo(outcome).print(out);
        }
        outcome.with("trust_root", trust.describe());
        Receipt receipt;
        try {
            receipt = ReceiptJson.readReceipt(json);
        } catch (ReceiptException e) {
            return outcome.rejected(e.reason().name(), e.getMessage()).print(out);
        }
        outcome.with("entry", entry(receipt.entry()));
        treeHead(outcome, receipt.treeHead());
        try {
            AttestedKey key = trust.verifier().verify(receipt, logId);
            attested(outcome.verified(), key);
        } catch (ReceiptException e) {
            outcome.rejected(e.reason().name(), e.getMessage());
        } catch (RuntimeException e) {
            // The verifier throws nothing but ReceiptException; should it, fail closed.
            outcome.rejected("VERIFIER_ERROR", e.getClass().getSimpleName());
        }
        return outcome.print(out);
    }

    /** {@code --log-id}: 64 hex digits (either case), or null when not given. */
    static String logId(Options options) throws UsageException {
        String id = options.optional("log-id");
        if (id == null) {
            return null;
        }
        String lower = id.toLowerCase(Locale.ROOT);
        if (!lower.matches("[0-9a-f]{64}")) {
            throw new UsageException("--log-id must be 64 hex digits");
        }
        return lower;
    }

    static Map<String, Object> entry(LogEntry entry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", entry.index());
        m.put("id", entry.id());
        m.put("type", entry.type());
        m.put("time", entry.time().toString());
        try {
            JsonNode content = MAPPER.readTree(entry.content());
            m.put("content", content);
        } catch (IOException e) {
            m.put("content", null); // LogEntry holds canonical JSON: does not happen
        }
        return m;
    }

    /** Members describing a signed tree head, as it claims to be (verified or not: see {@code verified}). */
    static void treeHead(Outcome outcome, SignedTreeHead head) {
        outcome.with("log_id", head.treeHead().logId());
        outcome.with("tree_size", head.treeSize());
        outcome.with("root_hash", head.treeHead().rootHashHex());
        outcome.with("tree_head_time", head.treeHead().timestamp().toString());
        outcome.with("key_id", head.keyId());
    }

    /** {@code signing_key} and {@code ear}: only after the EAR and its binding verified. */
    static Outcome attested(Outcome outcome, AttestedKey key) {
        Map<String, Object> signingKey = new LinkedHashMap<>();
        signingKey.put("kid", key.keyId());
        signingKey.put("jwk", key.jwk());
        outcome.with("signing_key", signingKey);
        Map<String, Object> ear = new LinkedHashMap<>();
        ear.put("status", key.status());
        ear.put("tee", key.tee());
        ear.put("issuer", key.issuer());
        ear.put("iat", key.issuedAt().toString());
        ear.put("exp", key.expiresAt().toString());
        outcome.with("ear", ear);
        return outcome;
    }
}
