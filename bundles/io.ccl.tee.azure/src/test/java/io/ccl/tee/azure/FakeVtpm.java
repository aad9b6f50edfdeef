package io.ccl.tee.azure;

import io.ccl.tee.azure.attest.Tpm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A software vTPM for tests: an RSA-2048 AK, 24 random SHA-256 PCRs, an HCL report whose hardware
 * area is a zero SEV-SNP report carrying SHA-256(var_data) in REPORT_DATA (not signed: tests pair it
 * with a fake sevsnp verifier), and TPMS_ATTEST marshalled per TPM 2.0 Part 2 §10.12.12.
 */
final class FakeVtpm implements Tpm {
    private final KeyPair ak;
    private final List<byte[]> pcrs = new ArrayList<>();
    private final byte[] hcl;
    private final int maxQualifying;

    /** @param maxQualifying sizeof(TPMT_HA): 66 with SHA-512 (swtpm), 50 with SHA-384 as largest hash */
    FakeVtpm(int maxQualifying) throws GeneralSecurityException {
        this.maxQualifying = maxQualifying;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        ak = g.generateKeyPair();
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 24; i++) {
            byte[] p = new byte[32];
            r.nextBytes(p);
            pcrs.add(p);
        }
        hcl = HclReports.build((RSAPublicKey) ak.getPublic(), true);
    }

    @Override
    public byte[] nvRead(int index) throws IOException {
        if (index != HCL_REPORT_NV_INDEX) {
            throw new IOException("TPM_RC_HANDLE");
        }
        return hcl.clone();
    }

    @Override
    public Quote quote(int keyHandle, byte[] qualifyingData, List<Integer> selection) throws IOException {
        if (keyHandle != AK_HANDLE || qualifyingData.length > maxQualifying) {
            throw new IOException("TPM_RC_SIZE or TPM_RC_HANDLE");
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i : selection) {
                md.update(pcrs.get(i));
            }
            byte[] digest = md.digest();
            ByteBuffer b = ByteBuffer.allocate(512);
            b.putInt(0xff544347).putShort((short) 0x8018);
            b.putShort((short) 34).putShort((short) 0x000b).put(new byte[32]);
            b.putShort((short) qualifyingData.length).put(qualifyingData);
            b.putLong(123_456L).putInt(1).putInt(0).put((byte) 1);
            b.putLong(0x2020_0000_0000_0001L);
            int mask = 0;
            for (int i : selection) {
                mask |= 1 << i;
            }
            b.putInt(1).putShort((short) 0x000b).put((byte) 3).put((byte) mask).put((byte) (mask >> 8))
                    .put((byte) (mask >> 16));
            b.putShort((short) 32).put(digest);
            byte[] message = java.util.Arrays.copyOf(b.array(), b.position());
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(ak.getPrivate());
            s.update(message);
            return new Quote(message, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public List<byte[]> pcrRead(List<Integer> selection) {
        List<byte[]> out = new ArrayList<>();
        for (int i : selection) {
            out.add(pcrs.get(i).clone());
        }
        return out;
    }
}
