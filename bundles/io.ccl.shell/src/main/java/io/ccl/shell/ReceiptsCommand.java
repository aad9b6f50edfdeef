package io.ccl.shell;

import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.TransparencyLog;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:receipts [COUNT]}: the newest log entries, one line each (index, id, type, content);
 * {@code ccl:receipts ID|INDEX}: the receipt of one entry as {@code ccl-receipt-v1} JSON, ready for
 * {@code ./ccl receipt verify}.
 */
@Component(service = ReceiptsCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=receipts"})
public final class ReceiptsCommand {
    private static final int DEFAULT_COUNT = 20;
    private static final int MAX_COUNT = 1000;

    private final TransparencyLog log;

    @Activate
    public ReceiptsCommand(@Reference TransparencyLog log) {
        this.log = log;
    }

    public String receipts() {
        return recent(DEFAULT_COUNT);
    }

    public String receipts(String which) {
        try {
            if (which.matches("[0-9a-f]{64}")) {
                return log.receipt(which).map(r -> text(ReceiptJson.write(r))).orElse("error: NOT_FOUND: no entry " + which);
            }
            if (which.matches("#[0-9]{1,16}")) {
                long index = Long.parseLong(which.substring(1));
                return index < log.size() ? text(ReceiptJson.write(log.receipt(index))) : "error: NOT_FOUND: no entry " + which;
            }
            if (which.matches("[0-9]{1,4}")) {
                return recent(Math.min(MAX_COUNT, Integer.parseInt(which)));
            }
            return "error: USAGE: ccl:receipts [COUNT | #INDEX | ENTRY_ID]";
        } catch (LogException e) {
            return "error: " + e.reason() + ": " + e.getMessage();
        }
    }

    private String recent(int count) {
        StringBuilder out = new StringBuilder();
        long size = log.size();
        out.append("log ").append(log.logId()).append(" size=").append(size).append('\n');
        Table table = new Table("INDEX", "ENTRY ID", "TYPE", "CONTENT");
        try {
            for (long i = Math.max(0, size - count); i < size; i++) {
                LogEntry e = log.entry(i);
                String content = text(e.content());
                table.row(Long.toString(i), e.id(), e.type(), content.length() > 160 ? content.substring(0, 157) + "..." : content);
            }
        } catch (LogException e) {
            return "error: " + e.reason() + ": " + e.getMessage();
        }
        return out.append(table).toString();
    }

    static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

}
