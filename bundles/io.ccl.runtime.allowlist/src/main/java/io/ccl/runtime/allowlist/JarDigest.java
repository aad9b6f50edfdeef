package io.ccl.runtime.allowlist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-384 of a bundle's jar read from its location URL, cached by location and last-modified
 * time; the same rule as the runtime's bundle event log, so both name a jar by the same digest.
 */
final class JarDigest {
    static final String UNREADABLE = "unreadable";
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    String of(String location, long lastModified) {
        return cache.computeIfAbsent(location + "@" + lastModified, k -> hash(location));
    }

    private static String hash(String location) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-384");
            try (InputStream in = new DigestInputStream(new URL(location).openStream(), md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | IllegalArgumentException e) {
            return UNREADABLE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory", e);
        }
    }
}
