package io.ccl.cli;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code ccl verify}: offline verification of one evidence file with collateral files. */
final class VerifyCommand {
    static final int MAX_FILE = 16 << 20;
    private final Options options;

    VerifyCommand(Options options) {
        this.options = options;
    }

    int run(PrintStream out) throws UsageException {
        String tee = options.required("tee");
        Path evidenceFile = Path.of(options.required("evidence"));
        Instant now = now(options);
        trustKey(options);
        EvidenceVerifier verifier = Verifiers.forTee(tee).orElseThrow(() -> new UsageException(
                "no verifier for --tee " + tee + "; available: " + String.join(", ", Verifiers.available())));
        VerificationContext.Builder ctx = VerificationContext.builder(now).collateral(collateral(options.all("collateral")));
        String rd = options.optional("report-data");
        if (rd != null) {
            try {
                ctx.expectReportData(ReportData.ofHex(rd));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--report-data must be at most 128 hex digits");
            }
        }
        for (String h : options.all("hint")) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--hint must be KEY=VALUE");
            }
            ctx.hint(h.substring(0, eq), h.substring(eq + 1));
        }
        String revocation = options.optional("revocation");
        if (revocation != null) {
            ctx.collateralPolicy(switch (revocation) {
                case "fail-closed" -> VerificationContext.CollateralPolicy.FAIL_CLOSED;
                case "allow-unavailable" -> VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE;
                default -> throw new UsageException("--revocation must be fail-closed or allow-unavailable");
            });
        }
        if (options.optional("policy") != null) {
            throw new UsageException("--policy needs the reference-value policy module, which this CLI build does not include");
        }
        Evidence evidence = new Evidence(tee, jsonWithoutTrailingWhitespace(read(evidenceFile)));
        try {
            return new Outcome(tee).verified(verifier.verify(evidence, ctx.build()).claims()).print(out);
        } catch (VerificationException e) {
            return new Outcome(tee).rejected(e).print(out);
        } catch (RuntimeException e) {
            // A verifier must never throw anything else; report it as a rejection, fail closed.
            return new Outcome(tee).rejected("VERIFIER_ERROR", e.getClass().getSimpleName()).print(out);
        }
    }

    /**
     * JSON evidence (Azure vTPM) is one object with nothing after it, since every byte counts; a
     * file of it usually ends with a newline that an editor or {@code echo} added. For content whose
     * first non-whitespace byte is '{', whitespace after the last '}' is therefore removed. Other
     * content is left as it is.
     */
    static byte[] jsonWithoutTrailingWhitespace(byte[] b) {
        int first = 0;
        while (first < b.length && whitespace(b[first])) {
            first++;
        }
        if (first == b.length || b[first] != '{') {
            return b;
        }
        int n = b.length;
        while (n > first && whitespace(b[n - 1])) {
            n--;
        }
        return b[n - 1] == '}' ? java.util.Arrays.copyOf(b, n) : b;
    }

    private static boolean whitespace(byte c) {
        return c == '\n' || c == '\r' || c == ' ' || c == '\t';
    }

    static Instant now(Options options) throws UsageException {
        String n = options.optional("now");
        if (n == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(n.length() == 10 ? n + "T00:00:00Z" : n);
        } catch (DateTimeParseException e) {
            throw new UsageException("--now must be ISO-8601, e.g. 2025-06-01T00:00:00Z");
        }
    }

    static void trustKey(Options options) throws UsageException {
        String k = options.optional("trust-key");
        if (k != null) {
            System.setProperty("ccl.simulation.trusted.keys", k);
        }
    }

    static List<Collateral> collateral(List<String> paths) throws UsageException {
        List<Collateral> out = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.add(new Collateral(f.getFileName().toString(), read(f)));
                    }
                } catch (IOException e) {
                    throw new UsageException("cannot list " + p);
                }
            } else {
                out.add(new Collateral(path.getFileName().toString(), read(path)));
            }
        }
        return out;
    }

    static byte[] read(Path p) throws UsageException {
        return read(p, MAX_FILE);
    }

    /** The bytes of a regular file of at most {@code max} bytes. */
    static byte[] read(Path p, int max) throws UsageException {
        try {
            if (Files.size(p) > max) {
                throw new UsageException(p + " is larger than " + max + " bytes");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UsageException("cannot read " + p);
        }
    }
}
