package io.ccl.tee.azure.attest;

import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_NULL;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_RSASSA;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_ALG_SHA256;
import static io.ccl.tee.azure.tpm.TpmCommand.TPM_RH_OWNER;

import io.ccl.tee.azure.tpm.TpmCommand;
import io.ccl.tee.azure.tpm.TpmException;
import io.ccl.tee.azure.tpm.TpmResponse;
import io.ccl.tee.azure.tpm.TpmTransport;
import io.ccl.tee.azure.tpm.TpmsAttest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link Tpm} over a real TPM 2.0 (the vTPM's {@code /dev/tpmrm0}, or swtpm in tests), with the
 * commands marshalled here per the TPM 2.0 Library, Part 3:
 * <ul>
 * <li>NV: TPM2_NV_ReadPublic (§31.6) for the size and attributes, then TPM2_NV_Read (§31.13) in
 * chunks of TPM_PT_NV_BUFFER_MAX (TPM2_GetCapability §30.2), authorised by the owner hierarchy when
 * the index has TPMA_NV_OWNERREAD (as on Azure), else by the index itself;</li>
 * <li>TPM2_Quote (§18.4) with the key's own scheme (inScheme TPM_ALG_NULL); only an RSASSA/SHA-256
 * signature, which is what the AK 0x81000003 makes and the verifier accepts, is returned;</li>
 * <li>TPM2_PCR_Read (§22.4), which returns at most 8 digests per call: repeated for what is left, and
 * started over when pcrUpdateCounter changes in between.</li>
 * </ul>
 * All authorisations are empty password sessions (TPM_RS_PW), as on the Azure vTPM. Responses with
 * TPM_RC_RETRY, _YIELDED or _TESTING are resent a few times (Part 2 §6.6.3).
 */
public final class Tpm2Device implements Tpm, Closeable {
    /** Part 2 §13.4 TPMA_NV bits. */
    static final int TPMA_NV_OWNERREAD = 1 << 17;
    static final int TPMA_NV_AUTHREAD = 1 << 18;
    static final int TPMA_NV_WRITTEN = 1 << 29;
    /** Part 2 §6.13 TPM_CAP_TPM_PROPERTIES, §6.13 TPM_PT_NV_BUFFER_MAX (PT_FIXED + 44). */
    private static final int TPM_CAP_TPM_PROPERTIES = 6;
    private static final int TPM_PT_NV_BUFFER_MAX = 0x100 + 44;
    /** The NV buffer size every TPM supports when the property cannot be read. */
    private static final int DEFAULT_NV_BUFFER = 512;
    private static final int MAX_NV_INDEX = 0x2000;
    private static final int RETRIES = 5;

    private final TpmTransport transport;
    private int nvBufferMax;

    public Tpm2Device(TpmTransport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** Size and attributes of an NV index (TPMS_NV_PUBLIC, Part 2 §13.5). */
    public record NvPublic(int index, int nameAlg, int attributes, int dataSize) {
        public boolean written() {
            return (attributes & TPMA_NV_WRITTEN) != 0;
        }
    }

    /** TPM2_NV_ReadPublic. */
    public synchronized NvPublic nvReadPublic(int index) throws IOException {
        TpmCommand cmd = TpmCommand.of(TpmCommand.TPM_CC_NV_READ_PUBLIC).handle(index);
        TpmResponse r = exchange(cmd, 0);
        int size = r.u16();
        int start = r.remaining();
        NvPublic pub = new NvPublic(r.u32(), r.u16(), r.u32(), -1);
        r.sized(64); // authPolicy
        int dataSize = r.u16();
        if (start - r.remaining() != size || pub.index() != index) {
            throw new IOException(String.format("TPM2_NV_ReadPublic of 0x%08X returned an inconsistent TPMS_NV_PUBLIC",
                    index));
        }
        return new NvPublic(index, pub.nameAlg(), pub.attributes(), dataSize);
    }

    @Override
    public synchronized byte[] nvRead(int index) throws IOException {
        NvPublic pub = nvReadPublic(index);
        if (!pub.written()) {
            throw new IOException(String.format("NV index 0x%08X has never been written", index));
        }
        if (pub.dataSize() > MAX_NV_INDEX) {
            throw new IOException(String.format("NV index 0x%08X holds %d bytes, more than %d", index,
                    pub.dataSize(), MAX_NV_INDEX));
        }
        int authHandle;
        if ((pub.attributes() & TPMA_NV_OWNERREAD) != 0) {
            authHandle = TPM_RH_OWNER;
        } else if ((pub.attributes() & TPMA_NV_AUTHREAD) != 0) {
            authHandle = index;
        } else {
            throw new IOException(String.format("NV index 0x%08X is readable neither with owner nor with its own"
                    + " authorization", index));
        }
        int chunk = nvBufferMax();
        byte[] out = new byte[pub.dataSize()];
        for (int offset = 0; offset < out.length; offset += chunk) {
            int n = Math.min(chunk, out.length - offset);
            TpmCommand cmd = TpmCommand.of(TpmCommand.TPM_CC_NV_READ).handle(authHandle).handle(index)
                    .passwordSession().u16(n).u16(offset);
            byte[] data = exchange(cmd, 0).sized(chunk);
            if (data.length != n) {
                throw new IOException("TPM2_NV_Read returned " + data.length + " bytes, asked for " + n);
            }
            System.arraycopy(data, 0, out, offset, n);
        }
        return out;
    }

    /** TPM_PT_NV_BUFFER_MAX: the largest TPM2_NV_Read/Write. */
    private int nvBufferMax() throws IOException {
        if (nvBufferMax == 0) {
            TpmCommand cmd = TpmCommand.of(TpmCommand.TPM_CC_GET_CAPABILITY).u32(TPM_CAP_TPM_PROPERTIES)
                    .u32(TPM_PT_NV_BUFFER_MAX).u32(1);
            TpmResponse r = exchange(cmd, 0);
            r.u8(); // moreData
            int value = DEFAULT_NV_BUFFER;
            if (r.u32() == TPM_CAP_TPM_PROPERTIES && r.u32() >= 1 && r.u32() == TPM_PT_NV_BUFFER_MAX) {
                value = r.u32();
            }
            nvBufferMax = Math.max(64, Math.min(value, 2048));
        }
        return nvBufferMax;
    }

    @Override
    public synchronized Quote quote(int keyHandle, byte[] qualifyingData, List<Integer> pcrs) throws IOException {
        TpmCommand cmd = TpmCommand.of(TpmCommand.TPM_CC_QUOTE).handle(keyHandle).passwordSession()
                .sized(qualifyingData).u16(TPM_ALG_NULL).pcrSelection(TPM_ALG_SHA256, pcrs);
        TpmResponse r = exchange(cmd, 0);
        byte[] attest = r.sized(TpmsAttest.MAX_SIZE);
        int sigAlg = r.u16();
        int hash = r.u16();
        if (sigAlg != TPM_ALG_RSASSA || hash != TPM_ALG_SHA256) {
            throw new IOException(String.format("key 0x%08X signs with algorithm 0x%04X/hash 0x%04X, not RSASSA with"
                    + " SHA-256", keyHandle, sigAlg, hash));
        }
        return new Quote(attest, r.sized(512));
    }

    @Override
    public synchronized List<byte[]> pcrRead(List<Integer> pcrs) throws IOException {
        Map<Integer, byte[]> values = new HashMap<>();
        Set<Integer> wanted = new LinkedHashSet<>(pcrs);
        Integer counter = null;
        int restarts = 0;
        while (values.size() < wanted.size()) {
            List<Integer> todo = wanted.stream().filter(p -> !values.containsKey(p)).toList();
            TpmResponse r = exchange(TpmCommand.of(TpmCommand.TPM_CC_PCR_READ).pcrSelection(TPM_ALG_SHA256, todo), 0);
            int updateCounter = r.u32();
            if (counter != null && counter != updateCounter) {
                // a PCR changed between two reads: the values would not belong together
                if (++restarts > RETRIES) {
                    throw new IOException("PCRs keep changing while they are read");
                }
                values.clear();
                counter = null;
                continue;
            }
            counter = updateCounter;
            List<Integer> returned = new ArrayList<>();
            int banks = r.u32();
            for (int b = 0; b < banks; b++) {
                int hash = r.u16();
                int sizeofSelect = r.u8();
                if (sizeofSelect > 4) {
                    throw new IOException("TPM2_PCR_Read returned a selection of " + sizeofSelect + " octets");
                }
                byte[] select = r.bytes(sizeofSelect);
                for (int i = 0; i < select.length * 8; i++) {
                    if ((select[i / 8] & (1 << (i % 8))) != 0) {
                        if (hash != TPM_ALG_SHA256 || !todo.contains(i)) {
                            throw new IOException("TPM2_PCR_Read returned a PCR that was not asked for");
                        }
                        returned.add(i);
                    }
                }
            }
            int digests = r.u32();
            if (digests != returned.size()) {
                throw new IOException("TPM2_PCR_Read returned " + digests + " digests for " + returned.size() + " PCRs");
            }
            if (returned.isEmpty()) {
                throw new IOException("the TPM has no SHA-256 values for PCRs " + todo);
            }
            for (int pcr : returned) {
                byte[] d = r.sized(64);
                if (d.length != 32) {
                    throw new IOException("a SHA-256 PCR value of " + d.length + " bytes");
                }
                values.put(pcr, d);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (int p : pcrs) {
            out.add(values.get(p).clone());
        }
        return out;
    }

    /** Sends {@code cmd}, resending on TPM_RC_RETRY/_YIELDED/_TESTING, and parses the response. */
    public TpmResponse exchange(TpmCommand cmd, int responseHandles) throws IOException {
        byte[] command = cmd.build();
        for (int attempt = 0;; attempt++) {
            try {
                return TpmResponse.of(cmd, transport.transmit(command), responseHandles);
            } catch (TpmException e) {
                if (!e.retryable() || attempt >= RETRIES) {
                    throw e;
                }
                try {
                    Thread.sleep(10L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the TPM was busy");
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
