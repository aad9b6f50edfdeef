package io.ccl.tee.sevsnp.verify;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.sevsnp.abi.CertTable;
import io.ccl.tee.sevsnp.kds.AmdCertificate;
import io.ccl.tee.sevsnp.kds.AmdCrl;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Recognises collateral by content: a certificate table (extended report / configfs-tsm
 * auxblob), PEM (any number of CERTIFICATE and X509 CRL blocks) or one DER certificate or CRL.
 * Certificates outside the AMD hierarchy are skipped. Results are cached by content, so
 * collateral that travels with every report is parsed once.
 */
final class CollateralParser {
    /** What one piece of collateral contained. */
    record Parsed(List<AmdCertificate> certificates, List<AmdCrl> crls) {
    }

    private static final int MAX_PIECE = 1 << 20;
    private static final int MAX_PEM_BLOCKS = 32;

    private final BoundedCache<ContentKey, Parsed> cache = new BoundedCache<>(1024);

    /** Parses one piece, named for error messages. */
    Parsed parse(String name, byte[] data) throws MalformedEvidenceException {
        ContentKey key = new ContentKey(data);
        Parsed parsed = cache.get(key);
        if (parsed == null) {
            parsed = parseUncached(name, data);
            cache.put(key, parsed);
        }
        return parsed;
    }

    private static Parsed parseUncached(String name, byte[] data) throws MalformedEvidenceException {
        if (data.length > MAX_PIECE) {
            throw new MalformedEvidenceException("collateral '" + name + "' is larger than 1 MiB");
        }
        List<AmdCertificate> certs = new ArrayList<>();
        List<AmdCrl> crls = new ArrayList<>();
        try {
            if (CertTable.looksLikeTable(data)) {
                for (CertTable.Entry e : CertTable.parse(data)) {
                    addPiece(name + "/" + e.guid(), e.data(), certs, crls);
                }
            } else {
                addPiece(name, data, certs, crls);
            }
        } catch (RuntimeException e) {
            throw new MalformedEvidenceException("collateral '" + name + "' does not parse: " + e.getMessage(), e);
        }
        return new Parsed(List.copyOf(certs), List.copyOf(crls));
    }

    private static void addPiece(String name, byte[] data, List<AmdCertificate> certs, List<AmdCrl> crls)
            throws MalformedEvidenceException {
        if (isPem(data)) {
            for (PemObject pem : pemBlocks(name, data)) {
                if (pem.getType().equals("CERTIFICATE")) {
                    addDer(name, pem.getContent(), true, certs, crls);
                } else if (pem.getType().equals("X509 CRL")) {
                    addDer(name, pem.getContent(), false, certs, crls);
                }
            }
        } else {
            addDer(name, data, null, certs, crls);
        }
    }

    /** @param certificate true: must be a certificate; false: must be a CRL; null: either */
    private static void addDer(String name, byte[] der, Boolean certificate, List<AmdCertificate> certs,
            List<AmdCrl> crls) throws MalformedEvidenceException {
        if (!Boolean.FALSE.equals(certificate)) {
            try {
                AmdCertificate.parse(der).ifPresent(certs::add);
                return;
            } catch (IOException e) {
                if (Boolean.TRUE.equals(certificate)) {
                    throw new MalformedEvidenceException("collateral '" + name + "': " + e.getMessage(), e);
                }
            }
        }
        try {
            crls.add(AmdCrl.parse(der));
        } catch (IOException e) {
            throw new MalformedEvidenceException(
                    "collateral '" + name + "' is neither a certificate, a CRL nor a certificate table", e);
        }
    }

    private static boolean isPem(byte[] data) {
        int i = 0;
        while (i < data.length && Character.isWhitespace(data[i])) {
            i++;
        }
        return data.length - i >= 10 && new String(data, i, 10, StandardCharsets.US_ASCII).equals("-----BEGIN");
    }

    private static List<PemObject> pemBlocks(String name, byte[] data) throws MalformedEvidenceException {
        List<PemObject> blocks = new ArrayList<>();
        try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(data), StandardCharsets.US_ASCII);
                PemReader pem = new PemReader(r)) {
            for (PemObject o = pem.readPemObject(); o != null; o = pem.readPemObject()) {
                if (blocks.size() == MAX_PEM_BLOCKS) {
                    throw new MalformedEvidenceException("collateral '" + name + "' holds too many PEM blocks");
                }
                blocks.add(o);
            }
        } catch (IOException e) {
            throw new MalformedEvidenceException("collateral '" + name + "' is broken PEM: " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw new MalformedEvidenceException("collateral '" + name + "' holds no PEM block");
        }
        return blocks;
    }
}
