package io.ccl.keys.admin;

import io.ccl.keys.admin.auth.AdminPrincipal;
import io.ccl.keys.admin.auth.Credentials;
import io.ccl.keys.admin.auth.Role;
import io.ccl.keys.admin.auth.TokenFile;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication of the key administration API, configured under PID {@value #PID}: bearer
 * tokens (by SHA-256), TLS client certificates (by fingerprint or subject DN), and for a
 * development runtime a generated token file.
 *
 * <p><b>Security guarantees.</b> Fails closed: with no credentials configured every request is
 * refused (401). A request that presents a bearer token is judged by that token alone. Tokens are
 * never logged, not even the generated one (only its file's path).
 */
@Component(name = AdminAccessComponent.PID, configurationPid = AdminAccessComponent.PID, service = AdminAccess.class)
@Designate(ocd = AdminAccessComponent.Config.class)
public final class AdminAccessComponent implements AdminAccess {
    /** Configuration PID and component name. */
    public static final String PID = "io.ccl.keys.admin";
    /** Principal of the token in {@code token.file}. */
    public static final String TOKEN_FILE_PRINCIPAL = "token-file";
    /** Realm named in {@code WWW-Authenticate}. */
    static final String REALM = "ccl-admin";
    private static final String BEARER = "Bearer ";
    private static final int MAX_TOKEN_CHARS = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AdminAccessComponent.class);

    /** Configuration. */
    @ObjectClassDefinition(name = "CCL key administration API",
            description = "Who may call /api/v1/keys and /api/v1/secrets. With nothing configured every request is refused.")
    public @interface Config {
        @AttributeDefinition(name = "Bearer tokens", description = "<principal>:<reader|operator>:sha256:<hex SHA-256 of "
                + "the token>. Tokens must be random (at least 128 bits); only their hash is configured.")
        String[] tokens() default {};

        @AttributeDefinition(name = "Client certificate subjects", description = "<reader|operator>:<subject DN>. "
                + "Safe only when the HTTPS connector trusts no CA but yours.")
        String[] client_cert_subjects() default {};

        @AttributeDefinition(name = "Client certificate fingerprints",
                description = "<reader|operator>:sha256:<hex SHA-256 of the DER certificate>")
        String[] client_cert_fingerprints() default {};

        @AttributeDefinition(name = "Token file", description = "Development runtimes: a file holding an operator "
                + "token, generated (mode rw-------) when absent. Empty: none.")
        String token_file() default "";

        @AttributeDefinition(name = "Maximum request body (bytes)", description = "Larger bodies get 413.")
        int max_body_bytes() default 2 << 20;
    }

    private final Credentials credentials;
    private final int maxBodyBytes;
    private final Clock clock;

    /** DS constructor. */
    @Activate
    public AdminAccessComponent(Config config) {
        this(load(config), config.max_body_bytes(), Clock.systemUTC());
    }

    /** Explicit credentials, body limit and clock (tests, embedding). */
    public AdminAccessComponent(Credentials credentials, int maxBodyBytes, Clock clock) {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max.body.bytes must be at least 1024");
        }
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.maxBodyBytes = maxBodyBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (credentials.isEmpty()) {
            LOG.warn("no admin credentials are configured (PID {}): every key administration request is refused", PID);
        } else {
            LOG.info("key administration API accepts {}", credentials.summary());
        }
    }

    private static Credentials load(Config config) {
        Credentials c = Credentials.parse(config.tokens(), config.client_cert_subjects(),
                config.client_cert_fingerprints(), problem -> LOG.error("{}: {}", PID, problem));
        if (config.token_file().isBlank()) {
            return c;
        }
        Path file = Path.of(config.token_file()).toAbsolutePath();
        try {
            TokenFile.Loaded loaded = TokenFile.loadOrCreate(file);
            if (loaded.created()) {
                LOG.info("generated an admin operator token in {}", file);
            } else {
                LOG.info("admin operator token read from {}", file);
            }
            if (loaded.tooOpen()) {
                LOG.warn("admin token file {} is accessible by group or others; chmod 600 it", file);
            }
            return c.plusToken(TOKEN_FILE_PRINCIPAL, Role.OPERATOR, loaded.sha256());
        } catch (IOException e) {
            LOG.error("admin token file {} is not used: {}", file, e.getMessage());
            return c;
        }
    }

    @Override
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public AdminPrincipal authenticate(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        String authorization = req.getHeader("Authorization");
        if (authorization != null) {
            return bearer(req, resp, authorization);
        }
        if (req.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            return certificate(req, resp, chain[0]);
        }
        throw refused(req, resp, "Bearer realm=\"" + REALM + "\"", "UNAUTHENTICATED",
                "send Authorization: Bearer <token> or a TLS client certificate");
    }

    private AdminPrincipal bearer(HttpServletRequest req, HttpServletResponse resp, String authorization)
            throws ProblemException {
        String invalid = "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"";
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw refused(req, resp, "Bearer realm=\"" + REALM + "\", error=\"invalid_request\"", "INVALID_TOKEN",
                    "only Bearer tokens are accepted");
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw refused(req, resp, invalid, "INVALID_TOKEN", "the bearer token is not valid");
        }
        Optional<AdminPrincipal> who = credentials.byToken(token.getBytes(StandardCharsets.US_ASCII));
        return who.orElseThrow(() -> refused(req, resp, invalid, "INVALID_TOKEN", "the bearer token is not valid"));
    }

    private AdminPrincipal certificate(HttpServletRequest req, HttpServletResponse resp, X509Certificate leaf)
            throws ProblemException {
        String challenge = "Bearer realm=\"" + REALM + "\"";
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw refused(req, resp, challenge, "CLIENT_CERT_EXPIRED", "the client certificate is not valid at this time");
        }
        return credentials.byCertificate(leaf).orElseThrow(() -> refused(req, resp, challenge, "UNKNOWN_CLIENT_CERT",
                "the client certificate is not allowed to administer keys"));
    }

    private static ProblemException refused(HttpServletRequest req, HttpServletResponse resp, String challenge,
            String code, String detail) {
        resp.setHeader("WWW-Authenticate", challenge);
        LOG.info("key administration request refused: {} {} {} from {}", code, req.getMethod(), req.getRequestURI(),
                req.getRemoteAddr());
        return new ProblemException(Problem.unauthorized(code, detail));
    }
}
