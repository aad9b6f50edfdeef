package io.ccl.tee.azure.evidence;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM CERTIFICATE blocks (RFC 7468 §2, §5) read strictly: '\n' line ends only, the exact
 * encapsulation boundaries, base64 body lines of the standard alphabet, canonical padding. A change
 * of any character of the text therefore either changes the DER or is refused. The DER itself is
 * handed to the SEV-SNP verifier, which parses it with BouncyCastle/JCA.
 */
final class StrictPem {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final int MAX_CERTS = 1;

    private StrictPem() {
    }

    static List<byte[]> certificates(String pem) throws MalformedEvidenceException {
        String[] lines = pem.split("\n", -1);
        List<byte[]> out = new ArrayList<>();
        StringBuilder body = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (body == null) {
                if (line.isEmpty()) {
                    continue; // between blocks and at the end (RFC 7468 §2 allows whitespace there)
                }
                if (!line.equals(BEGIN)) {
                    throw new MalformedEvidenceException("vcek PEM: expected " + BEGIN);
                }
                body = new StringBuilder();
            } else if (line.equals(END)) {
                out.add(decode(body.toString()));
                if (out.size() > MAX_CERTS) {
                    throw new MalformedEvidenceException("vcek PEM must hold the VCEK only (give ASK/ARK as collateral)");
                }
                body = null;
            } else {
                for (int c = 0; c < line.length(); c++) {
                    char ch = line.charAt(c);
                    boolean ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                            || ch == '+' || ch == '/' || ch == '=';
                    if (!ok) {
                        throw new MalformedEvidenceException("vcek PEM has a character outside base64");
                    }
                }
                if (line.isEmpty()) {
                    throw new MalformedEvidenceException("vcek PEM has an empty body line");
                }
                body.append(line);
            }
        }
        if (body != null || out.isEmpty()) {
            throw new MalformedEvidenceException("vcek PEM is not terminated or empty");
        }
        return out;
    }

    private static byte[] decode(String b64) throws MalformedEvidenceException {
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            if (!Base64.getEncoder().encodeToString(der).equals(b64)) {
                throw new MalformedEvidenceException("vcek PEM is not canonical base64");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("vcek PEM is not base64");
        }
    }
}
