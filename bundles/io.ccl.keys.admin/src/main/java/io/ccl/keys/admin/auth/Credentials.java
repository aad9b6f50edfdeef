package io.ccl.keys.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * The administrators a site allows: bearer tokens known only by their SHA-256, and client
 * certificates known by SHA-256 fingerprint or by subject DN, each with a {@link Role}.
 *
 * <p><b>Security guarantees.</b> No token is held, only its hash; a presented token is hashed
 * and compared with every configured hash in constant time ({@link MessageDigest#isEqual}), and
 * all entries are compared whatever matches first. Configuration entries that do not parse grant
 * nothing; the problems reported name the entry's position, never its text (a mis-pasted clear
 * token must not reach a log).
 */
public final class Credentials {
    /** Principal names of tokens: what follows {@code token:} in audit events. */
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern HEX64 = Pattern.compile("[0-9A-Fa-f]{64}");
    private static final String SHA256 = "sha256";
    /** Longest DN kept in an actor name; longer or non-ASCII subjects are named by fingerprint. */
    private static final int MAX_SUBJECT = 240;
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]+");

    private record TokenEntry(String principal, Role role, byte[] sha256) {
    }

    private record FingerprintEntry(Role role, byte[] sha256) {
    }

    private record SubjectEntry(Role role, String canonicalSubject) {
    }

    private final List<TokenEntry> tokens;
    private final List<FingerprintEntry> fingerprints;
    private final List<SubjectEntry> subjects;

    private Credentials(List<TokenEntry> tokens, List<FingerprintEntry> fingerprints, List<SubjectEntry> subjects) {
        this.tokens = List.copyOf(tokens);
        this.fingerprints = List.copyOf(fingerprints);
        this.subjects = List.copyOf(subjects);
    }

    /** No credentials at all: every request is refused. */
    public static Credentials none() {
        return new Credentials(List.of(), List.of(), List.of());
    }

    /**
     * Parses the configuration.
     *
     * @param tokens {@code <principal>:<role>:sha256:<64 hex>}
     * @param subjects {@code <role>:<subject DN>} (RFC 4514; compared in canonical form)
     * @param fingerprints {@code <role>:sha256:<64 hex>} of the DER certificate, colons between
     *     hex pairs allowed (as {@code openssl x509 -fingerprint -sha256} prints them)
     * @param problems told about each entry that is ignored, by property and position only
     */
    public static Credentials parse(String[] tokens, String[] subjects, String[] fingerprints, Consumer<String> problems) {
        List<TokenEntry> t = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String[] parts = tokens[i].trim().split(":", -1);
            Optional<Role> role = parts.length == 4 ? Role.parse(parts[1]) : Optional.empty();
            if (parts.length != 4 || !PRINCIPAL.matcher(parts[0]).matches() || role.isEmpty()
                    || !SHA256.equals(parts[2]) || !HEX64.matcher(parts[3]).matches()) {
                problems.accept("tokens[" + i + "] ignored: expected <principal>:<reader|operator>:sha256:<64 hex>, "
                        + "principal of [A-Za-z0-9._@-]{1,64}");
                continue;
            }
            byte[] hash = HexFormat.of().parseHex(parts[3]);
            if (t.stream().anyMatch(e -> MessageDigest.isEqual(e.sha256(), hash))) {
                problems.accept("tokens[" + i + "] ignored: the same token hash is configured twice");
                continue;
            }
            t.add(new TokenEntry(parts[0], role.get(), hash));
        }
        List<SubjectEntry> s = new ArrayList<>();
        for (int i = 0; i < subjects.length; i++) {
            String entry = subjects[i].trim();
            int colon = entry.indexOf(':');
            Optional<Role> role = colon > 0 ? Role.parse(entry.substring(0, colon)) : Optional.empty();
            try {
                if (role.isEmpty() || entry.substring(colon + 1).isBlank()) {
                    throw new IllegalArgumentException("no role or subject");
                }
                String canonical = new X500Principal(entry.substring(colon + 1).trim()).getName(X500Principal.CANONICAL);
                s.add(new SubjectEntry(role.get(), canonical));
            } catch (IllegalArgumentException e) {
                problems.accept("client.cert.subjects[" + i + "] ignored: expected <reader|operator>:<subject DN>");
            }
        }
        List<FingerprintEntry> f = new ArrayList<>();
        for (int i = 0; i < fingerprints.length; i++) {
            String[] parts = fingerprints[i].trim().split(":", 3);
            Optional<Role> role = parts.length == 3 ? Role.parse(parts[0]) : Optional.empty();
            String hex = parts.length == 3 ? parts[2].replace(":", "") : "";
            if (role.isEmpty() || !SHA256.equals(parts[1]) || !HEX64.matcher(hex).matches()) {
                problems.accept("client.cert.fingerprints[" + i + "] ignored: expected <reader|operator>:sha256:<64 hex>");
                continue;
            }
            f.add(new FingerprintEntry(role.get(), HexFormat.of().parseHex(hex)));
        }
        return new Credentials(t, f, s);
    }

    /** These credentials plus one token, known by its SHA-256 (the token file of a dev runtime). */
    public Credentials plusToken(String principal, Role role, byte[] sha256) {
        if (!PRINCIPAL.matcher(principal).matches() || sha256.length != 32) {
            throw new IllegalArgumentException("invalid token principal or hash");
        }
        List<TokenEntry> t = new ArrayList<>(tokens);
        t.add(new TokenEntry(principal, role, sha256.clone()));
        return new Credentials(t, fingerprints, subjects);
    }

    /** True when nothing is configured: every request will be refused. */
    public boolean isEmpty() {
        return tokens.isEmpty() && fingerprints.isEmpty() && subjects.isEmpty();
    }

    /** How many tokens, certificate fingerprints and certificate subjects are configured. */
    public String summary() {
        return tokens.size() + " token(s), " + fingerprints.size() + " certificate fingerprint(s), " + subjects.size()
                + " certificate subject(s)";
    }

    /** The administrator a presented bearer token belongs to; the token bytes are zeroed. */
    public Optional<AdminPrincipal> byToken(byte[] token) {
        byte[] hash = sha256(token);
        Arrays.fill(token, (byte) 0);
        TokenEntry found = null;
        for (TokenEntry e : tokens) {
            // Compare with every entry: the time taken does not depend on which one matches.
            if (MessageDigest.isEqual(e.sha256(), hash) && found == null) {
                found = e;
            }
        }
        return found == null ? Optional.empty() : Optional.of(new AdminPrincipal("token:" + found.principal(), found.role()));
    }

    /**
     * The administrator a (TLS-verified) client certificate belongs to: a fingerprint entry first,
     * then a subject entry.
     */
    public Optional<AdminPrincipal> byCertificate(X509Certificate certificate) {
        byte[] fingerprint;
        try {
            fingerprint = sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
        Role role = null;
        for (FingerprintEntry e : fingerprints) {
            if (MessageDigest.isEqual(e.sha256(), fingerprint) && role == null) {
                role = e.role();
            }
        }
        X500Principal subject = certificate.getSubjectX500Principal();
        if (role == null) {
            String canonical = subject.getName(X500Principal.CANONICAL);
            role = subjects.stream().filter(e -> e.canonicalSubject().equals(canonical)).map(SubjectEntry::role)
                    .findFirst().orElse(null);
        }
        return role == null ? Optional.empty() : Optional.of(new AdminPrincipal(certificateName(subject, fingerprint), role));
    }

    /** {@code cert:<RFC 2253 subject>}, or {@code cert:sha256:<hex>} when the subject does not fit an actor name. */
    static String certificateName(X500Principal subject, byte[] fingerprint) {
        String dn = subject.getName(X500Principal.RFC2253);
        if (!dn.isEmpty() && dn.length() <= MAX_SUBJECT && PRINTABLE.matcher(dn).matches()) {
            return "cert:" + dn;
        }
        return "cert:sha256:" + HexFormat.of().formatHex(fingerprint);
    }

    /** SHA-256 of {@code data}. */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Lower-case hex SHA-256 of an ASCII token: what an operator writes into {@code tokens}. */
    public static String tokenHashHex(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public String toString() {
        return "Credentials[" + summary() + "]";
    }
}
