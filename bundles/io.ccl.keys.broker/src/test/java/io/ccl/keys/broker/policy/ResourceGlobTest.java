package io.ccl.keys.broker.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.ResourcePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceGlobTest {
    private static boolean matches(String glob, String path) {
        return ResourceGlob.parse(glob).matches(ResourcePath.parse(path));
    }

    @Test
    void starMatchesWithinOneSegment() {
        assertTrue(matches("default/secret/*", "default/secret/api-key"));
        assertFalse(matches("default/secret/*", "default/key/api-key"));
        assertFalse(matches("default/secret/*", "other/secret/api-key"));
        assertTrue(matches("default/*/*", "default/key/x"));
        assertTrue(matches("*/*/*", "a/b/c"));
        assertTrue(matches("default/secret/db-*", "default/secret/db-primary"));
        assertFalse(matches("default/secret/db-*", "default/secret/xdb-primary"));
        assertTrue(matches("default/secret/*-key", "default/secret/api-key"));
        assertTrue(matches("default/secret/exact", "default/secret/exact"));
        assertFalse(matches("default/secret/exact", "default/secret/exact2"));
        assertFalse(matches("a.b/c/d", "aXb/c/d"), "dots are literal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "default/*", "default/secret/a/b", "default//x", "default/**/x", "default/sec ret/x",
        "default/secret/(a|b)", "*"})
    void malformedPatternsAreRefused(String glob) {
        assertThrows(IllegalArgumentException.class, () -> ResourceGlob.parse(glob));
    }
}
