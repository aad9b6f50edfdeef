package io.ccl.attestation.service.kbs;

import io.ccl.attestation.service.KbsBackend;
import io.ccl.web.JsonServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /.well-known/jwks.json}: the public keys that verify this service's EAR tokens. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(JwksServlet.PATH)
@HttpWhiteboardServletName("ccl-jwks")
public final class JwksServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/.well-known/jwks.json";

    private final transient KbsBackend backend;

    @Activate
    public JwksServlet(@Reference KbsBackend backend) {
        this.backend = backend;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) {
        return Reply.ok(backend.jwks());
    }
}
