package io.ccl.runtime.allowlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;

class AllowlistHookTest {
    @TempDir
    Path dir;

    private static String sha384(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(b));
    }

    private static BundleRevision revision(long id, String location) {
        Bundle b = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getBundleId" -> id;
                    case "getLocation" -> location;
                    case "getLastModified" -> 1L;
                    case "getSymbolicName" -> "b" + id;
                    case "getVersion" -> Version.emptyVersion;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (BundleRevision) Proxy.newProxyInstance(BundleRevision.class.getClassLoader(),
                new Class<?>[] {BundleRevision.class}, (p, m, a) -> {
                    if (m.getName().equals("getBundle")) {
                        return b;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private Path jar(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void onlyAllowlistedJarsStayResolvable() throws Exception {
        Path good = jar("good.jar", "good");
        Path bad = jar("bad.jar", "bad");
        Path list = Files.writeString(dir.resolve("allowlist.txt"),
                "# comment\n" + sha384("good".getBytes()).toUpperCase() + " good 1.0.0\n\n");
        AllowlistHook hook = new AllowlistHook(new AllowlistSource(list)::current, new JarDigest());
        List<BundleRevision> candidates = new ArrayList<>(List.of(revision(0, "System Bundle"),
                revision(1, good.toUri().toString()), revision(2, bad.toUri().toString()),
                revision(3, "file:/nonexistent.jar")));
        hook.begin(List.of()).filterResolvable(candidates);
        assertEquals(List.of(0L, 1L), candidates.stream().map(r -> r.getBundle().getBundleId()).toList());
        assertTrue(hook.allows(sha384("good".getBytes())));
        assertFalse(hook.allows(sha384("bad".getBytes())));
    }

    @Test
    void noFileAllowsEverything() throws Exception {
        AllowlistHook hook = new AllowlistHook(new AllowlistSource(dir.resolve("absent.txt"))::current, new JarDigest());
        List<BundleRevision> candidates = new ArrayList<>(List.of(revision(2, jar("x.jar", "x").toUri().toString())));
        hook.filterResolvable(candidates);
        assertEquals(1, candidates.size());
        assertTrue(hook.allows("anything"));
    }

    @Test
    void malformedFileDeniesEverything() throws Exception {
        Path list = Files.writeString(dir.resolve("allowlist.txt"), "not a digest line\n");
        AllowlistHook hook = new AllowlistHook(new AllowlistSource(list)::current, new JarDigest());
        List<BundleRevision> candidates = new ArrayList<>(List.of(revision(2, jar("x.jar", "x").toUri().toString())));
        hook.filterResolvable(candidates);
        assertTrue(candidates.isEmpty());
    }

    @Test
    void fileChangesAreSeen() throws Exception {
        Path list = dir.resolve("allowlist.txt");
        AllowlistSource source = new AllowlistSource(list);
        assertEquals(Optional.empty(), source.current());
        Files.writeString(list, "");
        assertEquals(0, source.current().orElseThrow().size());
        Files.writeString(list, "aa".repeat(48) + " a 1\n");
        assertTrue(source.current().orElseThrow().allows("AA".repeat(48)));
    }

    @Test
    void parserRefusesWrongShapes() {
        assertThrows(InvalidAllowlistException.class, () -> Allowlist.parse("abc x 1"));
        assertThrows(InvalidAllowlistException.class, () -> Allowlist.parse("aa".repeat(48) + " x"));
        assertThrows(InvalidAllowlistException.class, () -> Allowlist.parse("aa".repeat(48) + " x 1 extra"));
    }
}
