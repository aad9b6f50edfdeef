package io.ccl.keys.admin;

import io.ccl.keys.admin.auth.AdminPrincipal;
import io.ccl.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Bundle-private service between the configuration component and the admin servlets: who is
 * calling, and how large a body may be.
 */
public interface AdminAccess {
    /** Servlet request attribute holding the TLS client certificate chain (Servlet 6, §3.10). */
    String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    /**
     * Authenticates a request by its bearer token or TLS client certificate.
     *
     * @throws ProblemException 401 (with {@code WWW-Authenticate: Bearer}) when the request carries
     *     no credentials, or credentials that are not configured
     */
    AdminPrincipal authenticate(HttpServletRequest request, HttpServletResponse response) throws ProblemException;

    /** Largest request body accepted, in bytes. */
    int maxBodyBytes();
}
