package io.ccl.receipts.service;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.SignedTreeHead;
import io.ccl.receipts.api.TransparencyLog;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The log's audit surface, every body in the receipts formats ({@code ReceiptJson}):
 * <ul>
 * <li>{@code GET /api/v1/log/tree-head} — the newest signed tree head covering every durable entry
 * (signed on demand);</li>
 * <li>{@code GET /api/v1/log/proof?index=I[&size=N]} — inclusion proof of entry I in the tree of
 * size N (default: the newest signed size);</li>
 * <li>{@code GET /api/v1/log/consistency?first=M&second=N} — consistency proof between two sizes;</li>
 * <li>{@code GET /api/v1/log/entries/{index}} — one entry.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/log/*")
public final class LogServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient TransparencyLog log;

    @Activate
    public LogServlet(@Reference TransparencyLog log) {
        this.log = log;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest request, HttpServletResponse response) throws ProblemException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (path.equals("/tree-head")) {
                return Reply.ok(LogProblems.json(ReceiptJson.write(currentHead())));
            }
            if (path.equals("/proof")) {
                long index = LogProblems.required(request, "index");
                long size = LogProblems.number(request, "size").orElse(currentHead().treeHead().treeSize());
                return Reply.ok(LogProblems.json(ReceiptJson.write(log.inclusionProof(index, size))));
            }
            if (path.equals("/consistency")) {
                long first = LogProblems.required(request, "first");
                long second = LogProblems.required(request, "second");
                return Reply.ok(LogProblems.json(ReceiptJson.write(log.consistencyProof(first, second))));
            }
            if (path.startsWith("/entries/") && path.substring("/entries/".length()).matches("[0-9]{1,16}")) {
                return Reply.ok(LogProblems.json(ReceiptJson.write(log.entry(Long.parseLong(path.substring(9))))));
            }
        } catch (LogException e) {
            throw LogProblems.of(e);
        }
        throw new ProblemException(new Problem(404, "NOT_FOUND", "Not found",
                "log endpoints: tree-head, proof?index=&size=, consistency?first=&second=, entries/{index}"));
    }

    /** The newest signed head if it covers every entry, else a freshly signed one. */
    private SignedTreeHead currentHead() throws LogException {
        Optional<SignedTreeHead> latest = log.latestSignedTreeHead();
        if (latest.isPresent() && latest.get().treeHead().treeSize() == log.size()) {
            return latest.get();
        }
        return log.signTreeHead();
    }
}
