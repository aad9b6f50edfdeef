package io.ccl.keys.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import org.junit.jupiter.api.function.Executable;

/** Assertions on typed store failures. */
final class KeyStorageExceptionAssert {
    private KeyStorageExceptionAssert() {
    }

    static KeyStorageException fails(Reason reason, Executable call) {
        KeyStorageException e = assertThrows(KeyStorageException.class, call);
        assertEquals(reason, e.reason(), e::getMessage);
        return e;
    }

    static KeyStorageException unavailable(Executable call) {
        return fails(Reason.UNAVAILABLE, call);
    }
}
