package io.ccl.tee.api;

import java.util.Objects;

/**
 * One piece of collateral travelling with evidence: a certificate or chain (PEM or DER), a CRL,
 * vendor TCB data, an event log. The verifier recognises each piece by its content; the name is a
 * hint (usually the file name or a protocol field name) and appears in error messages.
 */
public final class Collateral {
    private final String name;
    private final byte[] data;

    /** @param name a hint naming the piece; @param data its bytes, copied. */
    public Collateral(String name, byte[] data) {
        this.name = Objects.requireNonNull(name, "name");
        this.data = Objects.requireNonNull(data, "data").clone();
    }

    public String name() {
        return name;
    }

    /** A copy of the bytes. */
    public byte[] data() {
        return data.clone();
    }

    /** Size in bytes without copying. */
    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Collateral[" + name + ", " + data.length + " bytes]";
    }
}
