package io.ccl.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code ccl verify|attest|receipt verify|log audit|job submit|job get|assemble ...}. Exit codes: 0 verified
 * (for jobs: completed and checked), 1 rejected or failed (malformed input and unreachable
 * services included), 2 usage error.
 */
public final class Main {
    static final int VERIFIED = 0;
    static final int REJECTED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "verify" -> new VerifyCommand(Options.parse(rest)).run(out);
                case "attest" -> new AttestCommand(Options.parse(rest), new HttpFetcher()).run(out);
                case "receipt" -> new ReceiptCommand(Options.parse(subcommand(args, "verify"), ReceiptCommand.VALUED,
                        ReceiptCommand.FLAGS, 1), new HttpFetcher()).run(out);
                case "log" -> new LogAuditCommand(Options.parse(subcommand(args, "audit"), LogAuditCommand.VALUED,
                        LogAuditCommand.FLAGS, 0), new HttpFetcher()).run(out);
                case "job" -> job(args, out);
                case "assemble" -> new AssembleCommand(Options.parse(rest, AssembleCommand.VALUED, AssembleCommand.FLAGS, 0),
                        AssembleCommand.sourceRoot()).run(out, err);
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    yield VERIFIED;
                }
                default -> {
                    err.println("unknown command '" + args[0] + "'\n" + usage());
                    yield USAGE;
                }
            };
        } catch (UsageException e) {
            err.println("ccl: " + e.getMessage());
            return USAGE;
        }
    }

    private static int job(String[] args, PrintStream out) throws UsageException {
        String sub = args.length < 2 ? "" : args[1];
        String[] rest = Arrays.copyOfRange(args, Math.min(2, args.length), args.length);
        return switch (sub) {
            case "submit" -> new JobSubmitCommand(Options.parse(rest, JobSubmitCommand.VALUED, Set.of(), 0),
                    new HttpFetcher()).run(out);
            case "get" -> new JobGetCommand(Options.parse(rest, JobGetCommand.VALUED, Set.of(), 0), new HttpFetcher()).run(out);
            default -> throw new UsageException("usage: ccl job submit|get ... (see ccl help)");
        };
    }

    /** The arguments after {@code args[0] expected}; usage error when the subcommand is another. */
    private static String[] subcommand(String[] args, String expected) throws UsageException {
        if (args.length < 2 || !expected.equals(args[1])) {
            throw new UsageException("usage: ccl " + args[0] + " " + expected + " ... (see ccl help)");
        }
        return Arrays.copyOfRange(args, 2, args.length);
    }

    static String usage() {
        return """
                usage:
                  ccl verify --tee TEE --evidence FILE [--collateral PATH]... [--now ISO-8601]
                             [--report-data HEX] [--hint KEY=VALUE]... [--trust-key FILE]
                             [--revocation fail-closed|allow-unavailable]
                  ccl attest --url URL [--now ISO-8601] [--trust-key FILE]
                  ccl receipt verify FILE (--trust-root JWKS_FILE | --trust-url VERIFIER_URL)
                             [--issuer ISS] [--log-id HEX] [--allow-warning]
                  ccl log audit --url RUNTIME_URL (--trust-root JWKS_FILE | --trust-url VERIFIER_URL)
                             [--state FILE] [--issuer ISS] [--log-id HEX] [--allow-warning]
                             (state defaults to ~/.ccl/log-heads.json)
                  ccl job submit --url URL --agent TYPE --audio WAV_FILE --metadata JSON_FILE
                             [--trust-key FILE] [--wait SECONDS] [--key-out FILE]
                             (attests the runtime first: nothing is sent unless it verifies;
                              --wait defaults to 120; --key-out keeps the requester key, mode 0600)
                  ccl job get --url URL --id JOB_ID [--key FILE]
                  ccl assemble --features A,B,... --config SITE_DIR --out DIST_DIR [--dev]
                             (a runtime with framework, core, http, shell and the named features,
                              resolved with Felix; writes allowlist.txt and reference-values.json;
                              the simulation feature needs --dev; exit 1 when it does not resolve)
                exit codes: 0 verified (jobs: completed, result opened and checked), 1 rejected or
                            failed (malformed input and unreachable services included), 2 usage error
                TEE values:""" + " " + String.join(", ", Verifiers.available());
    }
}
