package io.ccl.runtime.measure;

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

/** SHA-384 of bundle jars read from their location URL, cached by location and last-modified time. */
public final class JarDigests {
    /** Digest recorded for a location that cannot be read: never on any allowlist. */
    public static final String UNREADABLE = "unreadable";

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public String digest(String location, long lastModified) {
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
