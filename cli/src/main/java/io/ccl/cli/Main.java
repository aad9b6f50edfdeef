package io.ccl.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code ccl verify|attest ...}. Exit codes: 0 verified, 1 rejected (malformed evidence included),
 * 2 usage error.
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
                case "attest" -> new AttestCommand(Options.parse(rest)).run(out);
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

    static String usage() {
        return """
                usage:
                  ccl verify --tee TEE --evidence FILE [--collateral PATH]... [--now ISO-8601]
                             [--report-data HEX] [--hint KEY=VALUE]... [--trust-key FILE]
                             [--revocation fail-closed|allow-unavailable]
                  ccl attest --url URL [--now ISO-8601] [--trust-key FILE]
                exit codes: 0 verified, 1 rejected (malformed evidence included), 2 usage error
                TEE values:""" + " " + String.join(", ", Verifiers.available());
    }
}
