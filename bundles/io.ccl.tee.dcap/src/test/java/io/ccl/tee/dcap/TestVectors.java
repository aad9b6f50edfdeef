package io.ccl.tee.dcap;

import java.io.IOException;
import java.io.InputStream;

/** Test vectors of this module (provenance in testdata/README.md). */
public final class TestVectors {
    private TestVectors() {
    }

    public static byte[] bytes(String name) {
        String path = name.startsWith("/") ? name : "/io/ccl/tee/dcap/testdata/" + name;
        try (InputStream in = TestVectors.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
