package io.ccl.tee.azure.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.hcl.HclReport;
import io.ccl.tee.azure.hcl.RuntimeData;
import io.ccl.tee.azure.tpm.TpmQuote;
import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Produces Azure vTPM evidence (the v1 JSON shape of {@code AzureEvidence}): reads the HCL report
 * from NV index 0x01400001, quotes all 24 SHA-256 PCRs with the AK 0x81000003 and the report data as
 * qualifying data, reads the PCRs, and adds the hardware collateral (the VCEK DER for SNP, the TD
 * quote for TDX) that {@link HardwareCollateral} fetches (on Azure: IMDS/THIM).
 *
 * <p>Nothing leaves unchecked: the quote must verify with the HCL report's HCLAkPub (a wrong AK handle
 * shows here, not at a remote verifier) and the PCR values must hash to the quote's pcrDigest; when a PCR
 * was extended between TPM2_Quote and TPM2_PCR_Read, it quotes again (up to 3 more times).
 *
 * <p>Report data binding: the TPM's qualifyingData is a TPM2B_DATA, at most sizeof(TPMT_HA) bytes
 * (50 on a vTPM whose largest hash is SHA-384). The attester sends the report data with its trailing
 * zero bytes removed; the verifier zero-pads extraData back to 64 bytes. CCL report data
 * ({@code SHA-384(JCS(runtime-data))} zero-padded) thus travels as its 48 significant bytes.
 */
public final class VtpmAttester implements Attester {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PCR_RETRIES = 3;
    private static final List<Integer> ALL_PCRS = IntStream.range(0, 24).boxed().toList();

    /** The hardware collateral for an HCL report: VCEK DER (SNP) or TD quote (TDX). */
    @FunctionalInterface
    public interface HardwareCollateral {
        byte[] fetch(HclReport report) throws IOException;
    }

    private final String teeType;
    private final boolean snp;
    private final Tpm tpm;
    private final HardwareCollateral collateral;

    /** @param teeType {@code azsnpvtpm} or {@code aztdxvtpm} */
    public VtpmAttester(String teeType, Tpm tpm, HardwareCollateral collateral) {
        this.teeType = Objects.requireNonNull(teeType);
        if (!"azsnpvtpm".equals(teeType) && !"aztdxvtpm".equals(teeType)) {
            throw new IllegalArgumentException("not an Azure vTPM type: " + teeType);
        }
        this.snp = "azsnpvtpm".equals(teeType);
        this.tpm = Objects.requireNonNull(tpm);
        this.collateral = Objects.requireNonNull(collateral);
    }

    @Override
    public String teeType() {
        return teeType;
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        byte[] rd = reportData.bytes();
        int n = rd.length;
        while (n > 0 && rd[n - 1] == 0) {
            n--;
        }
        byte[] qualifying = Arrays.copyOf(rd, n);
        try {
            HclReport hcl = HclReport.parse(tpm.nvRead(Tpm.HCL_REPORT_NV_INDEX));
            if (hcl.snp() != snp) {
                throw new AttesterException("the vTPM's HCL report is not of type " + teeType);
            }
            RSAPublicKey ak = RuntimeData.attestationKey(hcl.varData());
            Tpm.Quote quote = null;
            List<byte[]> pcrs = null;
            for (int attempt = 0; quote == null; attempt++) {
                Tpm.Quote q = tpm.quote(Tpm.AK_HANDLE, qualifying, ALL_PCRS);
                List<byte[]> values = tpm.pcrRead(ALL_PCRS);
                TpmQuote check = TpmQuote.of(q.message(), q.signature(), values);
                try {
                    check.verifySignature(ak);
                } catch (EvidenceRejectedException e) {
                    throw new AttesterException(String.format("the quote of key 0x%08X is not signed by the HCL"
                            + " report's HCLAkPub", Tpm.AK_HANDLE), e);
                }
                try {
                    check.verifyPcrs();
                    quote = q;
                    pcrs = values;
                } catch (EvidenceRejectedException e) {
                    // a PCR was extended between TPM2_Quote and TPM2_PCR_Read: quote again
                    if (attempt >= PCR_RETRIES) {
                        throw new AttesterException("PCRs keep changing between quote and read", e);
                    }
                }
            }
            byte[] hw = collateral.fetch(hcl);
            ObjectNode root = JSON.createObjectNode();
            root.put("version", 1);
            ObjectNode q = root.putObject("tpm_quote");
            q.put("signature", HexFormat.of().formatHex(quote.signature()));
            q.put("message", HexFormat.of().formatHex(quote.message()));
            ArrayNode list = q.putArray("pcrs");
            pcrs.forEach(p -> list.add(HexFormat.of().formatHex(p)));
            root.put("hcl_report", Base64.getUrlEncoder().encodeToString(hcl.bytes()));
            root.put(snp ? "vcek" : "td_quote", Base64.getUrlEncoder().encodeToString(hw));
            return new Evidence(teeType, JSON.writeValueAsBytes(root));
        } catch (MalformedEvidenceException | EvidenceRejectedException e) {
            throw new AttesterException("the vTPM's HCL report or quote does not parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AttesterException("the vTPM failed: " + e.getMessage(), e);
        }
    }
}
