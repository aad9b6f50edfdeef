package io.ccl.keys.pkcs11.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.ResourcePath;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Labels are built and parsed back exactly, and other namespaces' labels never match. */
class LabelsTest {
    private final Labels labels = new Labels("ccl");

    @Test
    void keyAndSecretLabelsRoundTrip() {
        assertEquals("ccl:key:orders.v2-x_y:v17", labels.keyVersion("orders.v2-x_y", 17));
        assertEquals(Optional.of(new Labels.Versioned("orders.v2-x_y", 17)), labels.parseKeyVersion("ccl:key:orders.v2-x_y:v17"));
        ResourcePath path = new ResourcePath("db", "password", "main");
        assertEquals("ccl:secret:db/password/main:v3", labels.secretVersion(path, 3));
        assertEquals(Optional.of(new Labels.Versioned("db/password/main", 3)), labels.parseSecretVersion(labels.secretVersion(path, 3)));
        assertEquals(Optional.of("orders"), labels.parseKeyMetadata(labels.keyMetadata("orders")));
        assertEquals(Optional.of(path), labels.parseSecretMetadata(labels.secretMetadata(path)));
        assertEquals("io.ccl.keys.pkcs11/ccl/meta", labels.metadataApplication());
    }

    @Test
    void foreignAndMalformedLabelsDoNotParse() {
        for (String label : new String[] {"ccl:key:orders:v0", "ccl:key:orders:v01", "ccl:key:orders", "ccl:key::v1", "ccl:key:a:b:v1",
                "cclx:key:orders:v1", "other:key:orders:v1", "ccl:key:orders:v99999999999", "ccl:secret:a/b:v1", "CCL:key:orders:v1"}) {
            assertTrue(labels.parseKeyVersion(label).isEmpty() && labels.parseSecretVersion(label).isEmpty(), label);
        }
        assertTrue(labels.parseKeyVersion(null).isEmpty());
        assertTrue(labels.parseSecretMetadata("ccl:secretmeta:a/b").isEmpty());
        assertTrue(labels.parseSecretMetadata("ccl:secretmeta:a/../b").isEmpty());
        assertTrue(new Labels("t1").parseKeyVersion("t10:key:k:v1").isEmpty(), "namespaces are not prefixes of each other");
    }
}
