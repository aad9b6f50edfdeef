package io.ccl.tee.dcap.pki;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes certificate chains as DCAP hands them out: PEM blocks (RFC 7468, the quote's certification data
 * type 5 and the PCS issuer-chain headers), optionally NUL-terminated, or DER certificates concatenated.
 *
 * <p>Decoding is strict so that no byte of a signed quote can change without changing the result: only the
 * exact armour lines, canonical base64 (re-encoding must reproduce it), LF or CRLF line ends, and trailing
 * NUL bytes are accepted.
 */
public final class CertificateChainCodec {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private CertificateChainCodec() {
    }

    /** True when the bytes look like PEM text rather than DER. */
    public static boolean isPem(byte[] data) {
        int i = 0;
        while (i < data.length && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) {
            i++;
        }
        return data.length - i >= 10 && data[i] == '-' && new String(data, i, 10, StandardCharsets.US_ASCII)
                .equals("-----BEGIN");
    }

    /**
     * The certificates in order of appearance.
     *
     * @throws IllegalArgumentException when the bytes are neither a strict PEM chain nor concatenated DER
     */
    public static List<IntelCertificate> decode(byte[] data) {
        return isPem(data) ? decodePem(data) : decodeDer(data);
    }

    /** The DER blocks of a strict PEM certificate chain. */
    public static List<byte[]> pemBlocks(byte[] data) {
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        String text = new String(data, 0, end, StandardCharsets.US_ASCII);
        for (int i = 0; i < end; i++) {
            if (data[i] < 0) {
                throw new IllegalArgumentException("PEM text contains a non-ASCII byte at " + i);
            }
        }
        List<byte[]> blocks = new ArrayList<>();
        StringBuilder body = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (body == null) {
                if (line.equals(BEGIN)) {
                    body = new StringBuilder(1024);
                } else if (!line.isEmpty()) {
                    throw new IllegalArgumentException("unexpected text outside a PEM certificate block");
                }
            } else if (line.equals(END)) {
                blocks.add(canonicalBase64(body.toString()));
                body = null;
            } else {
                body.append(line);
            }
        }
        if (body != null) {
            throw new IllegalArgumentException("unterminated PEM certificate block");
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate block");
        }
        return blocks;
    }

    private static List<IntelCertificate> decodePem(byte[] data) {
        List<IntelCertificate> out = new ArrayList<>();
        for (byte[] der : pemBlocks(data)) {
            out.add(IntelCertificate.parse(der));
        }
        return out;
    }

    private static byte[] canonicalBase64(String text) {
        byte[] der = Base64.getDecoder().decode(text);
        if (!Base64.getEncoder().encodeToString(der).equals(text)) {
            throw new IllegalArgumentException("PEM body is not canonical base64");
        }
        return der;
    }

    /** Concatenated DER certificates: each a SEQUENCE with a definite length. */
    private static List<IntelCertificate> decodeDer(byte[] data) {
        List<IntelCertificate> out = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            int length = derLength(data, at);
            out.add(IntelCertificate.parse(java.util.Arrays.copyOfRange(data, at, at + length)));
            at += length;
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        return out;
    }

    /** Total length (tag, length octets, content) of the DER SEQUENCE at {@code at}. */
    static int derLength(byte[] data, int at) {
        if (data.length - at < 2 || data[at] != 0x30) {
            throw new IllegalArgumentException("expected a DER SEQUENCE at offset " + at);
        }
        int first = data[at + 1] & 0xFF;
        long length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int octets = first & 0x7F;
            if (octets == 0 || octets > 3 || data.length - at < 2 + octets) {
                throw new IllegalArgumentException("unsupported DER length at offset " + at);
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | (data[at + 2 + i] & 0xFF);
            }
            header = 2 + octets;
        }
        if (header + length > data.length - at) {
            throw new IllegalArgumentException("DER certificate overruns the data at offset " + at);
        }
        return (int) (header + length);
    }
}
