package io.ccl.agents.engine.egress;

import io.ccl.agents.api.EgressDeniedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An agent type's egress allowlist: entries {@code [scheme://]host[:port]}.
 *
 * <ul>
 * <li>scheme: {@code https} when absent; {@code http} only when written ({@code http://host:port}),
 * so clear-text egress is always a visible decision;</li>
 * <li>host: a DNS name (matched case-insensitively, a trailing dot ignored), {@code *.suffix} (any
 * name with at least one more label, never the suffix itself), an IPv4 literal, or an IPv6
 * literal in brackets;</li>
 * <li>port: a number, {@code *} for any, or absent for the scheme's default (443 / 80).</li>
 * </ul>
 *
 * <p>Matching is on the request URI's text, before any name resolution: a name resolving to an
 * allowed address does not match an address entry, and the other way round. URIs with user info
 * or without a host are refused. An empty allowlist allows nothing.
 */
public final class EgressPolicy {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
            + "(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}\\]");
    private static final int ANY_PORT = -1;

    /** One entry. */
    record Entry(String scheme, String host, boolean wildcard, int port, String text) {
        boolean matchesHost(String h) {
            return wildcard ? h.endsWith("." + host) && h.length() > host.length() + 1 : h.equals(host);
        }

        boolean matchesPort(int p) {
            return port == ANY_PORT || port == p;
        }
    }

    private final List<Entry> entries;

    private EgressPolicy(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Allows nothing. */
    public static EgressPolicy none() {
        return new EgressPolicy(List.of());
    }

    /**
     * Parses entries; an invalid entry grants nothing and is reported to {@code problems} by index
     * and reason (never echoed, it is configuration text).
     */
    public static EgressPolicy parse(String[] entries, Consumer<String> problems) {
        List<Entry> out = new ArrayList<>();
        if (entries != null) {
            for (int i = 0; i < entries.length; i++) {
                try {
                    out.add(entry(entries[i]));
                } catch (IllegalArgumentException e) {
                    problems.accept("egress.allow[" + i + "] ignored: " + e.getMessage());
                }
            }
        }
        return new EgressPolicy(out);
    }

    static Entry entry(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("empty entry");
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        String scheme = "https";
        int sep = s.indexOf("://");
        if (sep >= 0) {
            scheme = s.substring(0, sep);
            s = s.substring(sep + 3);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("scheme must be http or https");
            }
        }
        if (s.isEmpty() || s.contains("/") || s.contains("@")) {
            throw new IllegalArgumentException("an entry is [scheme://]host[:port] without path or user info");
        }
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unterminated IPv6 literal");
            }
            host = s.substring(0, end + 1);
            String rest = s.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("junk after IPv6 literal");
                }
                portText = rest.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("invalid IPv6 literal");
            }
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
        }
        boolean wildcard = false;
        if (host.startsWith("*.")) {
            wildcard = true;
            host = host.substring(2);
        }
        host = stripDot(host);
        if (!host.startsWith("[") && !IPV4.matcher(host).matches() && !dnsName(host)) {
            throw new IllegalArgumentException("host must be a DNS name, *.name, IPv4 or [IPv6]");
        }
        if (wildcard && (host.startsWith("[") || IPV4.matcher(host).matches() || !host.contains("."))) {
            throw new IllegalArgumentException("a wildcard needs a DNS suffix of at least two labels");
        }
        int port;
        if (portText == null) {
            port = defaultPort(scheme);
        } else if (portText.equals("*")) {
            port = ANY_PORT;
        } else if (portText.matches("[1-9][0-9]{0,4}") && Integer.parseInt(portText) <= 65535) {
            port = Integer.parseInt(portText);
        } else {
            throw new IllegalArgumentException("port must be 1-65535 or *");
        }
        return new Entry(scheme, host, wildcard, port, scheme + "://" + (wildcard ? "*." : "") + host + ":"
                + (port == ANY_PORT ? "*" : Integer.toString(port)));
    }

    private static boolean dnsName(String host) {
        // The last label must start with a letter (RFC 2396 toplabel, as java.net.URI parses hosts):
        // "1.2.3.4.5" or "127.1" are not names, and never reach a request as one either.
        if (host.isEmpty() || host.length() > 253 || !Character.isLetter(host.charAt(host.lastIndexOf('.') + 1))) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static int defaultPort(String scheme) {
        return scheme.equals("http") ? 80 : 443;
    }

    /** The normalised entries, {@code scheme://host:port}. */
    public List<String> describe() {
        return entries.stream().map(Entry::text).toList();
    }

    /** {@code scheme://host:port} of a URI for messages and audit, without path, query or user info. */
    public static String destination(URI uri) {
        String scheme = uri.getScheme() == null ? "?" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "?" : stripDot(uri.getHost().toLowerCase(Locale.ROOT));
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("http") || scheme.equals("https")
                ? defaultPort(scheme) : -1;
        return scheme + "://" + host + ":" + port;
    }

    /** Why {@code uri} is refused, or empty when it is allowed. */
    public Optional<EgressDeniedException.Reason> check(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawUserInfo() != null || uri.getHost() == null
                || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of(EgressDeniedException.Reason.INVALID_DESTINATION);
        }
        String host = stripDot(uri.getHost().toLowerCase(Locale.ROOT));
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        boolean otherScheme = false;
        for (Entry e : entries) {
            if (e.matchesHost(host) && e.matchesPort(port)) {
                if (e.scheme().equals(scheme)) {
                    return Optional.empty();
                }
                otherScheme = true;
            }
        }
        return Optional.of(otherScheme ? EgressDeniedException.Reason.SCHEME_NOT_ALLOWED
                : EgressDeniedException.Reason.HOST_NOT_ALLOWED);
    }
}
