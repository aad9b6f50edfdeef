package io.ccl.runtime.measure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The {@code measurements} member of runtime-data: SHA-384 over the sorted lines
 * {@code <symbolic-name> <version> <sha384-of-jar>} of every installed bundle (the system bundle
 * excluded). Jar digests are cached by location and last-modified time.
 */
public final class BundleMeasurement {
    private final Map<String, String> jarDigests = new ConcurrentHashMap<>();

    /** Digest of the bundles installed in {@code context}'s framework. */
    public String digest(BundleContext context) {
        List<String> lines = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
                continue;
            }
            lines.add(b.getSymbolicName() + " " + b.getVersion() + " " + jarDigest(b));
        }
        lines.sort(null);
        MessageDigest md = sha384();
        for (String line : lines) {
            md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private String jarDigest(Bundle b) {
        String key = b.getLocation() + "@" + b.getLastModified();
        return jarDigests.computeIfAbsent(key, k -> hashLocation(b.getLocation()));
    }

    private static String hashLocation(String location) {
        MessageDigest md = sha384();
        try (InputStream in = new DigestInputStream(new URL(location).openStream(), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | IllegalArgumentException e) {
            // A location that is not a readable URL is measured by its name only, visibly so.
            return "unreadable:" + location;
        }
    }

    private static MessageDigest sha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory", e);
        }
    }
}
