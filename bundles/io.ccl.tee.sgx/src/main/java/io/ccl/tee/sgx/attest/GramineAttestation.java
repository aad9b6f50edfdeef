package io.ccl.tee.sgx.attest;

import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gramine's pseudo-filesystem {@code /dev/attestation} (Gramine documentation, "Attestation and Secret
 * Provisioning", low-level /dev/attestation interface): {@code attestation_type} names the scheme ({@code dcap}),
 * writing 64 bytes to {@code user_report_data} sets the report data, reading {@code quote} returns the DCAP quote.
 */
public final class GramineAttestation {
    private final Path root;

    /** @param root the attestation directory, {@code /dev/attestation} inside Gramine */
    public GramineAttestation(Path root) {
        this.root = root;
    }

    /** True when Gramine exposes DCAP attestation here. */
    public boolean available() {
        try {
            return Files.isRegularFile(root.resolve("quote")) && "dcap".equals(type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @throws AttesterException when the interface is missing, not DCAP, or fails
     */
    public byte[] quote(byte[] userReportData) throws AttesterException {
        if (userReportData.length != 64) {
            throw new AttesterException("user_report_data must be 64 bytes, was " + userReportData.length);
        }
        try {
            String type = type();
            if (!"dcap".equals(type)) {
                throw new AttesterException("Gramine attestation type is " + type + ", the sgx attester needs dcap");
            }
            Files.write(root.resolve("user_report_data"), userReportData);
            byte[] quote = Files.readAllBytes(root.resolve("quote"));
            if (quote.length == 0) {
                throw new AttesterException("Gramine returned an empty quote");
            }
            return quote;
        } catch (IOException e) {
            throw new AttesterException("Gramine /dev/attestation failed: " + e.getMessage(), e);
        }
    }

    private String type() throws IOException {
        return new String(Files.readAllBytes(root.resolve("attestation_type")), StandardCharsets.US_ASCII).trim();
    }
}
