package io.ccl.tee.tsm;

/**
 * What configfs-tsm returned for one request: the provider-specific report ({@code outblob}, never
 * empty) and the supplemental data ({@code auxblob}, empty when not asked for, not offered by the
 * provider or empty on this host). Accessors return copies.
 */
public final class TsmReport {
    private final byte[] outblob;
    private final byte[] auxblob;

    TsmReport(byte[] outblob, byte[] auxblob) {
        this.outblob = outblob.clone();
        this.auxblob = auxblob.clone();
    }

    /** The report (SEV-SNP ATTESTATION_REPORT, TDX quote, CCA token), in the provider's format. */
    public byte[] outblob() {
        return outblob.clone();
    }

    /** The supplemental data (SEV-SNP: the certificate table), possibly empty. */
    public byte[] auxblob() {
        return auxblob.clone();
    }

    @Override
    public String toString() {
        return "TsmReport[outblob=" + outblob.length + " bytes, auxblob=" + auxblob.length + " bytes]";
    }
}
