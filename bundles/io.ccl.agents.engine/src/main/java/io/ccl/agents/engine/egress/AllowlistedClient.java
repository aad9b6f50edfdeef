package io.ccl.agents.engine.egress;

import io.ccl.agents.api.EgressClient;
import io.ccl.agents.api.EgressDeniedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's {@link EgressClient}: checks every request against the agent type's {@link EgressPolicy}
 * before handing it to the shared JDK client (which never follows redirects), and reports refused
 * attempts to the session as breaches. The check runs on the URI text, before the JDK resolves a
 * name or opens a socket.
 */
public final class AllowlistedClient implements EgressClient {
    private final HttpClient client;
    private final EgressPolicy policy;
    private final Duration defaultTimeout;
    private final EgressSession session;

    /**
     * @param client a client built with {@link #newHttpClient}: redirects must be off, or a redirect
     *        could leave the allowlist
     */
    public AllowlistedClient(HttpClient client, EgressPolicy policy, Duration defaultTimeout, EgressSession session) {
        this.client = Objects.requireNonNull(client, "client");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.session = Objects.requireNonNull(session, "session");
    }

    /** The JDK client the engine shares between jobs: HTTP/1.1, no redirects, a connect timeout. */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws EgressDeniedException, IOException, InterruptedException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        URI uri = request.uri();
        String destination = EgressPolicy.destination(uri);
        if (session.ended()) {
            throw new EgressDeniedException(EgressDeniedException.Reason.SESSION_ENDED, destination,
                    "the job's session has ended; nothing was sent");
        }
        Optional<EgressDeniedException.Reason> refusal = policy.check(uri);
        if (refusal.isPresent()) {
            session.breach(destination, refusal.get());
            throw new EgressDeniedException(refusal.get(), destination, destination
                    + " is outside the egress allowlist of agent type " + session.agentType()
                    + ": refused and counted as a network isolation breach");
        }
        HttpRequest bounded = request.timeout().isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(defaultTimeout).build();
        return client.send(bounded, handler);
    }

    @Override
    public boolean allows(URI uri) {
        return !session.ended() && policy.check(uri).isEmpty();
    }
}
