package io.ccl.tee.sevsnp;

import io.ccl.tee.sevsnp.abi.Product;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds unsigned ATTESTATION_REPORT bytes (SEV-SNP ABI spec rev 1.58, Table 23) for tests. */
public final class SyntheticReport {
    private final ByteBuffer b = ByteBuffer.allocate(0x4A0).order(ByteOrder.LITTLE_ENDIAN);

    /** A report of {@code version} for {@code product} with policy 0x30000, signed-by VCEK, chip = 0x11.. */
    public SyntheticReport(int version, Product product) {
        b.putInt(0x00, version);
        b.putLong(0x08, 0x30000L);
        b.putInt(0x34, 1);
        if (version >= 3) {
            b.put(0x188, (byte) (product == Product.TURIN ? 0x1A : 0x19));
            b.put(0x189, (byte) (product == Product.MILAN ? 0x01 : product == Product.GENOA ? 0x11 : 0x02));
            b.put(0x18A, (byte) 1);
        }
        for (int i = 0; i < product.hwidLength(); i++) {
            b.put(0x1A0 + i, (byte) 0x11);
        }
    }

    /** Sets current, reported, committed and launch TCB to {@code tcb}. */
    public SyntheticReport tcb(long tcb) {
        b.putLong(0x38, tcb);
        b.putLong(0x180, tcb);
        b.putLong(0x1E0, tcb);
        b.putLong(0x1F0, tcb);
        return this;
    }

    public SyntheticReport reportedTcb(long tcb) {
        b.putLong(0x180, tcb);
        return this;
    }

    public SyntheticReport reportData(byte[] data) {
        b.put(0x50, data, 0, Math.min(64, data.length));
        return this;
    }

    public SyntheticReport chip(byte fill, int length) {
        for (int i = 0; i < 64; i++) {
            b.put(0x1A0 + i, i < length ? fill : 0);
        }
        return this;
    }

    public SyntheticReport signingKey(int code) {
        b.putInt(0x48, code << 2);
        return this;
    }

    public SyntheticReport mitVectors(long launch, long current) {
        b.putLong(0x1F8, launch);
        b.putLong(0x200, current);
        return this;
    }

    public byte[] bytes() {
        return b.array().clone();
    }
}
