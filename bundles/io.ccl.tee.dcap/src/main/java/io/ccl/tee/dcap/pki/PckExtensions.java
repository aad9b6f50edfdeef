package io.ccl.tee.dcap.pki;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extensions of a PCK certificate (Intel SGX PCK Certificate and Certificate Revocation List
 * Profile Specification, section 1.3.5 "Intel SGX Extensions", OID 1.2.840.113741.1.13.1).
 *
 * @param ppid platform provisioning id (16 bytes)
 * @param componentSvns the 16 CPUSVN components ({@code SGX TCB Comp01..16 SVN})
 * @param pceSvn PCE security version the certificate was issued for
 * @param cpuSvn CPUSVN (16 bytes)
 * @param pceId PCE id (2 bytes)
 * @param fmspc family-model-stepping-platform-custom SKU (6 bytes)
 * @param sgxType 0 standard, 1 scalable, 2 scalable with integrity
 * @param platformInstanceId 16 bytes for multi-package platforms (Platform CA), else null
 * @param dynamicPlatform configuration flag (Platform CA), else null
 * @param cachedKeys configuration flag (Platform CA), else null
 * @param smtEnabled configuration flag (Platform CA), else null
 */
public record PckExtensions(byte[] ppid, int[] componentSvns, int pceSvn, byte[] cpuSvn, byte[] pceId, byte[] fmspc,
        int sgxType, byte[] platformInstanceId, Boolean dynamicPlatform, Boolean cachedKeys, Boolean smtEnabled) {
    static final String SGX_EXTENSIONS = "1.2.840.113741.1.13.1";

    /**
     * Reads the extension.
     *
     * @throws IllegalArgumentException when the certificate lacks it or it does not follow the profile
     */
    public static PckExtensions of(IntelCertificate pck) {
        byte[] ext = pck.certificate().getExtensionValue(SGX_EXTENSIONS);
        if (ext == null) {
            throw new IllegalArgumentException("certificate " + pck + " has no Intel SGX extensions");
        }
        try {
            Map<String, ASN1Encodable> top = entries(ASN1Primitive.fromByteArray(
                    ASN1OctetString.getInstance(ext).getOctets()));
            Map<String, ASN1Encodable> tcb = entries(required(top, ".2").toASN1Primitive());
            int[] comps = new int[16];
            for (int i = 0; i < 16; i++) {
                comps[i] = integer(required(tcb, ".2." + (i + 1)));
            }
            Map<String, ASN1Encodable> config = top.containsKey(".7") ? entries(top.get(".7").toASN1Primitive())
                    : Map.of();
            return new PckExtensions(octets(required(top, ".1"), 16), comps, integer(required(tcb, ".2.17")),
                    octets(required(tcb, ".2.18"), 16), octets(required(top, ".3"), 2), octets(required(top, ".4"), 6),
                    ASN1Enumerated.getInstance(required(top, ".5")).intValueExact(),
                    top.containsKey(".6") ? octets(top.get(".6"), 16) : null, flag(config, ".7.1"),
                    flag(config, ".7.2"), flag(config, ".7.3"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed Intel SGX extensions in " + pck + ": " + e.getMessage(), e);
        }
    }

    /** SEQUENCE OF SEQUENCE { OID, value } keyed by the OID suffix after the SGX extensions OID. */
    private static Map<String, ASN1Encodable> entries(ASN1Primitive p) {
        Map<String, ASN1Encodable> out = new HashMap<>();
        for (ASN1Encodable e : ASN1Sequence.getInstance(p)) {
            ASN1Sequence pair = ASN1Sequence.getInstance(e);
            if (pair.size() != 2) {
                throw new IllegalArgumentException("extension entry is not an (OID, value) pair");
            }
            String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
            if (!oid.startsWith(SGX_EXTENSIONS + ".")) {
                throw new IllegalArgumentException("unexpected OID " + oid);
            }
            if (out.put(oid.substring(SGX_EXTENSIONS.length()), pair.getObjectAt(1)) != null) {
                throw new IllegalArgumentException("duplicate OID " + oid);
            }
        }
        return out;
    }

    private static ASN1Encodable required(Map<String, ASN1Encodable> m, String suffix) {
        ASN1Encodable v = m.get(suffix);
        if (v == null) {
            throw new IllegalArgumentException("missing " + SGX_EXTENSIONS + suffix);
        }
        return v;
    }

    private static int integer(ASN1Encodable v) {
        return ASN1Integer.getInstance(v).intValueExact();
    }

    private static byte[] octets(ASN1Encodable v, int size) {
        byte[] b = ASN1OctetString.getInstance(v).getOctets();
        if (b.length != size) {
            throw new IllegalArgumentException("expected " + size + " bytes, found " + b.length);
        }
        return b;
    }

    private static Boolean flag(Map<String, ASN1Encodable> m, String suffix) {
        ASN1Encodable v = m.get(suffix);
        return v == null ? null : ASN1Boolean.getInstance(v).isTrue();
    }
}
