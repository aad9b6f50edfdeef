package io.ccl.keys.pkcs11.layout;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Read/write locks by name, striped over a fixed number of locks so memory stays bounded however
 * many names are touched. Two names may share a stripe; that only serializes them.
 */
public final class NameLocks {
    private static final int STRIPES = 64;

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

    public NameLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** The shared lock for reading {@code name}. */
    public Lock read(String name) {
        return stripe(name).readLock();
    }

    /** The exclusive lock for changing {@code name}. */
    public Lock write(String name) {
        return stripe(name).writeLock();
    }

    private ReentrantReadWriteLock stripe(String name) {
        return stripes[Math.floorMod(name.hashCode(), STRIPES)];
    }
}
