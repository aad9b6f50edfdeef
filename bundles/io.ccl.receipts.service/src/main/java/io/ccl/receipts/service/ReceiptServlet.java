package io.ccl.receipts.service;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.TransparencyLog;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/receipts/{id}}: the receipt of one log entry — entry, inclusion proof, signed
 * tree head and the EAR vouching for the signing key — in the {@code ccl-receipt-v1} format, for
 * offline verification with {@code ./ccl receipt verify}. {@code id} is the entry id (64 hex digits
 * of its leaf hash) or its index.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/receipts/*")
public final class ReceiptServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,16}");

    private final transient TransparencyLog log;

    @Activate
    public ReceiptServlet(@Reference TransparencyLog log) {
        this.log = log;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest request, HttpServletResponse response) throws ProblemException {
        String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        try {
            Optional<Receipt> receipt;
            if (ENTRY_ID.matcher(id).matches()) {
                receipt = log.receipt(id);
            } else if (INDEX.matcher(id).matches()) {
                long index = Long.parseLong(id);
                receipt = index < log.size() ? Optional.of(log.receipt(index)) : Optional.empty();
            } else {
                throw new ProblemException(Problem.badRequest("INVALID_RECEIPT_ID",
                        "a receipt id is an entry id (64 lowercase hex digits) or an entry index"));
            }
            return Reply.ok(LogProblems.json(ReceiptJson.write(receipt.orElseThrow(() -> new ProblemException(
                    new Problem(404, "NOT_FOUND", "Not found", "no log entry " + id))))));
        } catch (LogException e) {
            throw LogProblems.of(e);
        }
    }
}
