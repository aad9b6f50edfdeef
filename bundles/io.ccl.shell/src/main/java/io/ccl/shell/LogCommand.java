package io.ccl.shell;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.TransparencyLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:log} (or {@code ccl:log head}): a freshly signed tree head as JSON;
 * {@code ccl:log consistency FIRST SECOND}: the consistency proof between two tree sizes;
 * {@code ccl:log proof INDEX SIZE}: the inclusion proof of an entry.
 */
@Component(service = LogCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=log"})
public final class LogCommand {
    private static final String USAGE = "error: USAGE: ccl:log [head | consistency FIRST SECOND | proof INDEX SIZE]";

    private final TransparencyLog log;

    @Activate
    public LogCommand(@Reference TransparencyLog log) {
        this.log = log;
    }

    public String log() {
        return log("head");
    }

    public String log(String what) {
        if (!what.equals("head")) {
            return USAGE;
        }
        try {
            return ReceiptsCommand.text(ReceiptJson.write(log.signTreeHead()));
        } catch (LogException e) {
            return "error: " + e.reason() + ": " + e.getMessage();
        }
    }

    public String log(String what, long a, long b) {
        try {
            return switch (what) {
                case "consistency" -> ReceiptsCommand.text(ReceiptJson.write(log.consistencyProof(a, b)));
                case "proof" -> ReceiptsCommand.text(ReceiptJson.write(log.inclusionProof(a, b)));
                default -> USAGE;
            };
        } catch (LogException e) {
            return "error: " + e.reason() + ": " + e.getMessage();
        }
    }
}
