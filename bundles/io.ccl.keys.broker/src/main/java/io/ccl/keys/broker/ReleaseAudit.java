package io.ccl.keys.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.keys.api.ResourcePath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured (logfmt) line per release decision on the logger {@value #LOGGER}:
 *
 * <pre>
 * event=key.release decision=deny reason=POLICY_DENIED path=default/db/password version=-
 *   tee=sevsnp status=affirming jti=4f1c... token_sha256=9a0b... tee_key=NzbLsXh8...
 * </pre>
 *
 * It names the resource, the attester (TEE type, EAR status, the token's {@code jti} and a
 * SHA-256 prefix of the token, the RFC 7638 thumbprint of the key released to) and the outcome;
 * never secret bytes, keys or the token itself. Values from the token are reduced to a safe
 * character set so that a crafted claim cannot forge log lines.
 */
final class ReleaseAudit {
    /** Logger name of the audit lines. */
    static final String LOGGER = "io.ccl.audit.keys.release";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/+=-]");
    private static final int MAX_VALUE = 128;
    private static final int MAX_TOKEN_PARSE = 64 * 1024;

    private final Consumer<String> sink;

    ReleaseAudit() {
        this(LOG::info);
    }

    ReleaseAudit(Consumer<String> sink) {
        this.sink = sink;
    }

    void released(ResourcePath path, AttestationResult result, int version) {
        sink.accept(line(path, result, "release", "-", Integer.toString(version)));
    }

    void denied(ResourcePath path, AttestationResult result, ReleaseDeniedException.Reason reason) {
        sink.accept(line(path, result, "deny", reason.name(), "-"));
    }

    static String line(ResourcePath path, AttestationResult result, String decision, String reason, String version) {
        StringBuilder line = new StringBuilder("event=key.release");
        append(line, "decision", decision);
        append(line, "reason", reason);
        append(line, "path", String.valueOf(path));
        append(line, "version", version);
        append(line, "tee", result == null ? null : result.teeType());
        append(line, "status", result == null ? null : result.status().json());
        append(line, "jti", result == null ? null : jti(result.token()));
        append(line, "token_sha256", result == null ? null : tokenHash(result.token()));
        append(line, "tee_key", result == null ? null : thumbprint(result));
        return line.toString();
    }

    private static void append(StringBuilder line, String key, String value) {
        String safe = value == null || value.isEmpty() ? "-" : UNSAFE.matcher(value).replaceAll("?");
        line.append(' ').append(key).append('=').append(safe.length() > MAX_VALUE ? safe.substring(0, MAX_VALUE) : safe);
    }

    /** The {@code jti} of a compact JWS, or null when there is none. */
    static String jti(String token) {
        if (token.length() > MAX_TOKEN_PARSE) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode jti = claims == null ? null : claims.get("jti");
            return jti != null && jti.isTextual() ? jti.textValue() : null;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The first 16 bytes of SHA-256 over the token, hex: correlates without revealing it. */
    static String tokenHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    private static String thumbprint(AttestationResult result) {
        try {
            return Jwe.thumbprint(result.teePublicKey());
        } catch (CryptoException e) {
            return null;
        }
    }
}
