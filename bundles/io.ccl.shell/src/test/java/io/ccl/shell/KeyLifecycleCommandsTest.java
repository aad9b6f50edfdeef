package io.ccl.shell;

import static io.ccl.shell.KeysCommandTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.tck.InMemoryKeyManagement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ccl:rotate, ccl:revoke, ccl:lockdown and ccl:recover against the in-memory KeyManagement. */
class KeyLifecycleCommandsTest {
    private final InMemoryKeyManagement km = new InMemoryKeyManagement(List.of("app/db/password#1", "app/db/password#2"));
    private final Actor shell = new Actor("shell:" + System.getProperty("user.name"), "shell");

    @BeforeEach
    void key() throws Exception {
        km.createKey(shell, "orders", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
    }

    private KeyVersionState state(int version) throws Exception {
        return km.keyInfo("orders").orElseThrow().versions().stream().filter(v -> v.version() == version)
                .map(KeyVersion::state).findFirst().orElseThrow();
    }

    @Test
    void rotates() throws Exception {
        String out = new RotateCommand(km).rotate("orders");
        assertTrue(out.startsWith("rotated orders: version 2 is active\nname=orders\n"), out);
        assertTrue(out.contains("1        DECRYPT_ONLY  "), out);
        assertEquals(KeyVersionState.ACTIVE, state(2));
        assertEquals(shell, km.actors.get(km.actors.size() - 1));
        assertError("NOT_FOUND", new RotateCommand(km).rotate("missing"));
    }

    @Test
    void revokesOneVersionOrAll() throws Exception {
        RevokeCommand revoke = new RevokeCommand(km);
        km.rotateKey(shell, "orders");
        String one = revoke.revoke("orders", "1", "--reason", "copied", "to", "a", "laptop");
        assertTrue(one.startsWith("revoked version 1 of orders\n"), one);
        assertEquals(KeyVersionState.REVOKED, state(1));
        assertEquals(KeyVersionState.ACTIVE, state(2));
        assertError("KEY_UNUSABLE", revoke.revoke("orders", "1"));
        assertError("NOT_FOUND", revoke.revoke("orders", "9"));

        String all = revoke.revoke("orders");
        assertTrue(all.startsWith("revoked every version of orders\n"), all);
        assertEquals(KeyVersionState.REVOKED, state(2));
    }

    @Test
    void revokeRefusesBadArguments() throws Exception {
        RevokeCommand revoke = new RevokeCommand(km);
        assertError("INVALID_ARGUMENT", revoke.revoke("orders", "0"));
        assertError("INVALID_ARGUMENT", revoke.revoke("orders", "v1"));
        assertError("USAGE", revoke.revoke("orders", "1", "2"));
        assertError("USAGE", revoke.revoke("orders", "--reason"));
        assertError("USAGE", revoke.revoke("orders", "--force", "x"));
        assertEquals(KeyVersionState.ACTIVE, state(1));
    }

    @Test
    void declaresListsAndRecoversLockdowns() throws Exception {
        LockdownCommand lockdown = new LockdownCommand(km);
        RecoverCommand recover = new RecoverCommand(km);
        assertEquals("no lockdown is active", lockdown.lockdown("list"));
        String out = lockdown.lockdown("--reason", "SNP", "firmware", "advisory");
        assertEquals("""
                LOCKDOWN declared
                scope=*
                reason=SNP firmware advisory
                actor=%s
                since=2026-11-21T10:00:00Z
                revoked_releases=2
                  app/db/password#1
                  app/db/password#2""".formatted(shell.principal()), out);
        Lockdown l = km.lockdowns().get(0);
        assertEquals(LockdownScope.all(), l.scope());

        assertTrue(lockdown.lockdown("measurement=ab12", "--reason", "bad build").contains("scope=measurement=ab12"));
        String list = lockdown.lockdown("list");
        assertTrue(list.startsWith("SCOPE"), list);
        assertTrue(list.contains("measurement=ab12") && list.contains("SNP firmware advisory"), list);

        assertEquals("recovered 1 lockdown(s) of scope measurement=ab12; runtimes must attest again and revoked secrets "
                + "need new versions", recover.recover("measurement=ab12"));
        assertError("NOT_FOUND", recover.recover("measurement=ab12"));
        assertTrue(recover.recover().startsWith("recovered 1 lockdown(s) of scope *"));
        assertEquals("no lockdown is active", lockdown.lockdown("list"));
    }

    @Test
    void lockdownNeedsAReasonAndAValidScope() throws Exception {
        LockdownCommand lockdown = new LockdownCommand(km);
        assertError("USAGE", lockdown.lockdown());
        assertError("USAGE", lockdown.lockdown("*"));
        assertError("USAGE", lockdown.lockdown("no-equals-sign", "--reason", "x"));
        assertError("USAGE", lockdown.lockdown("a=b", "c=d", "--reason", "x"));
        assertError("USAGE", new RecoverCommand(km).recover("no-equals-sign"));
        km.failNext(KeyStorageException.Reason.UNAVAILABLE);
        assertError("UNAVAILABLE", lockdown.lockdown("--reason", "x"));
        assertTrue(km.lockdowns().isEmpty());
    }
}
