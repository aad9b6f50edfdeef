package io.ccl.tee.azure;

import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_NULL;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_RSA;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_RSASSA;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_SHA256;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_RH_OWNER;

import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.tpm.TpmCommand;
import io.ccl.tee.azure.tpm.TpmResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * Gives a fresh swtpm what the Azure paravisor gives a confidential VM's vTPM (TPM 2.0 Part 3
 * commands): an RSA-2048 restricted signing key with RSASSA/SHA-256 made persistent at 0x81000003
 * (TPM2_CreatePrimary §24.1, TPM2_EvictControl §28.5, TPM2_FlushContext §28.4), NV indices written by
 * the owner (TPM2_NV_DefineSpace §31.3, TPM2_NV_Write §31.7) and PCR extensions (TPM2_PCR_Extend §22.2).
 */
public final class SwtpmProvisioning {
    /** fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | noDA | restricted | sign (Part 2 §8.3). */
    static final int AK_ATTRIBUTES = 0x2 | 0x10 | 0x20 | 0x40 | 0x400 | 0x10000 | 0x40000;
    /** OWNERWRITE | AUTHWRITE | OWNERREAD | AUTHREAD | NO_DA (Part 2 §13.4), TPM_NT_ORDINARY. */
    static final int NV_ATTRIBUTES = (1 << 1) | (1 << 2) | (1 << 17) | (1 << 18) | (1 << 25);

    private final Tpm2Device tpm;

    public SwtpmProvisioning(Tpm2Device tpm) {
        this.tpm = tpm;
    }

    /** Creates the AK in the owner hierarchy, persists it at {@code handle} and returns its public key. */
    public RSAPublicKey createAk(int handle) throws IOException, GeneralSecurityException {
        TpmCommand create = TpmCommand.of(TpmCommand.TPM_CC_CREATE_PRIMARY).handle(TPM_RH_OWNER).passwordSession()
                .sized(new byte[4]) // TPM2B_SENSITIVE_CREATE: empty userAuth, empty data
                .sized(TpmCommand.of(0).u16(TPM_ALG_RSA).u16(TPM_ALG_SHA256).u32(AK_ATTRIBUTES).sized(new byte[0])
                        .u16(TPM_ALG_NULL).u16(TPM_ALG_RSASSA).u16(TPM_ALG_SHA256).u16(2048).u32(0)
                        .sized(new byte[0]).parameters())
                .sized(new byte[0]) // outsideInfo
                .u32(0); // creationPCR: none
        TpmResponse r = tpm.exchange(create, 1);
        int transientHandle = r.handle(0);
        r.u16(); // TPM2B_PUBLIC size
        int type = r.u16();
        r.u16(); // nameAlg
        r.u32(); // objectAttributes
        r.sized(64); // authPolicy
        r.u16(); // symmetric: TPM_ALG_NULL
        r.u16(); // scheme RSASSA
        r.u16(); // its hash
        r.u16(); // keyBits
        int exponent = r.u32();
        byte[] modulus = r.sized(512);
        if (type != TPM_ALG_RSA) {
            throw new IOException("CreatePrimary returned a key of type " + type);
        }
        tpm.exchange(TpmCommand.of(TpmCommand.TPM_CC_EVICT_CONTROL).handle(TPM_RH_OWNER).handle(transientHandle)
                .passwordSession().u32(handle), 0);
        tpm.exchange(TpmCommand.of(TpmCommand.TPM_CC_FLUSH_CONTEXT).u32(transientHandle), 0);
        BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : Integer.toUnsignedLong(exponent));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), e));
    }

    /** Defines an owner-written index of {@code data.length} bytes and writes it in 1024-byte pieces. */
    public void defineAndWrite(int index, byte[] data) throws IOException {
        define(index, data.length);
        for (int offset = 0; offset < data.length; offset += 1024) {
            byte[] piece = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + 1024));
            tpm.exchange(TpmCommand.of(TpmCommand.TPM_CC_NV_WRITE).handle(TPM_RH_OWNER).handle(index).passwordSession()
                    .sized(piece).u16(offset), 0);
        }
    }

    /** Defines an index without writing it. */
    public void define(int index, int size) throws IOException {
        byte[] pub = TpmCommand.of(0).u32(index).u16(TPM_ALG_SHA256).u32(NV_ATTRIBUTES).sized(new byte[0]).u16(size)
                .parameters();
        tpm.exchange(TpmCommand.of(TpmCommand.TPM_CC_NV_DEFINE_SPACE).handle(TPM_RH_OWNER).passwordSession()
                .sized(new byte[0]).sized(pub), 0);
    }

    /** Removes an index. */
    public void undefine(int index) throws IOException {
        tpm.exchange(TpmCommand.of(TpmCommand.TPM_CC_NV_UNDEFINE_SPACE).handle(TPM_RH_OWNER).handle(index)
                .passwordSession(), 0);
    }

    /** Extends SHA-256 PCR {@code pcr} (16 and 23 are resettable, debug PCRs any locality may extend). */
    public void extend(int pcr, byte[] digest32) throws IOException {
        tpm.exchange(TpmCommand.of(TpmCommand.TPM_CC_PCR_EXTEND).handle(pcr).passwordSession().u32(1)
                .u16(TPM_ALG_SHA256).bytes(digest32), 0);
    }
}
