package io.ccl.agents.api;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An HTTP client (the JDK's {@code java.net.http.HttpClient} underneath) that sends only to hosts on
 * the agent type's egress allowlist. The request's scheme, host and port are checked against the
 * allowlist <em>before</em> any name resolution or connection; redirects are never followed (send
 * the redirected request again, and it is checked again).
 *
 * <p><b>Security guarantees.</b> A request outside the allowlist is refused with
 * {@link EgressDeniedException}, counted as a network isolation breach and ends every active
 * session of the runtime (all queued and running jobs fail); the refused request never leaves the
 * JVM. <b>Limit:</b> this guards the API the engine hands out; it cannot stop code that opens a
 * socket through {@code java.net} itself.
 */
@ProviderType
public interface EgressClient {
    /**
     * Sends a request synchronously. A request without a timeout gets the engine's default.
     *
     * @throws EgressDeniedException when the destination is not allowed or the session has ended
     * @throws IOException when the exchange fails
     * @throws InterruptedException when the job is cancelled while waiting
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws EgressDeniedException, IOException, InterruptedException;

    /** True when a request to {@code uri} would be allowed now (no breach is counted). */
    boolean allows(java.net.URI uri);
}
