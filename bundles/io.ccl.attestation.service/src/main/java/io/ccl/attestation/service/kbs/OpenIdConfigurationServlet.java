package io.ccl.attestation.service.kbs;

import io.ccl.attestation.service.KbsBackend;
import io.ccl.attestation.service.ear.EarToken;
import io.ccl.web.JsonServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §3): just enough
 * for a JWT relying party such as HashiCorp Vault ({@code oidc_discovery_url}) to find the JWKS.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(OpenIdConfigurationServlet.PATH)
@HttpWhiteboardServletName("ccl-openid-configuration")
public final class OpenIdConfigurationServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/.well-known/openid-configuration";

    private final transient KbsBackend backend;

    @Activate
    public OpenIdConfigurationServlet(@Reference KbsBackend backend) {
        this.backend = backend;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) {
        String issuer = backend.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("jwks_uri", base + JwksServlet.PATH);
        m.put("id_token_signing_alg_values_supported", List.of("ES256"));
        m.put("response_types_supported", List.of("id_token"));
        m.put("subject_types_supported", List.of("public"));
        m.put("claims_supported", EarToken.CLAIM_NAMES);
        return Reply.ok(m);
    }
}
