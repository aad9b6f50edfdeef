package io.ccl.tee.sevsnp.kds;

import io.ccl.tee.sevsnp.abi.Product;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * The AMD extensions of a VCEK or VLEK certificate, per the VCEK certificate and KDS interface
 * specification (AMD 57230), Table 8: struct version, product name, the security patch levels the
 * key was derived for, and the hardware id (VCEK) or CSP id (VLEK).
 *
 * @param structVersion 1.3.6.1.4.1.3704.1.1
 * @param productName 1.3.6.1.4.1.3704.1.2, e.g. {@code Milan-B0}
 * @param bootloader blSPL, 1.3.6.1.4.1.3704.1.3.1
 * @param tee teeSPL, 1.3.6.1.4.1.3704.1.3.2
 * @param snp snpSPL, 1.3.6.1.4.1.3704.1.3.3
 * @param spl4 1.3.6.1.4.1.3704.1.3.4 (reserved, 0 when absent)
 * @param spl5 1.3.6.1.4.1.3704.1.3.5 (reserved, 0 when absent)
 * @param spl6 1.3.6.1.4.1.3704.1.3.6 (reserved, 0 when absent)
 * @param spl7 1.3.6.1.4.1.3704.1.3.7 (reserved, 0 when absent)
 * @param microcode ucodeSPL, 1.3.6.1.4.1.3704.1.3.8
 * @param fmc fmcSPL, 1.3.6.1.4.1.3704.1.3.9 (Turin), -1 when absent
 * @param hwid 1.3.6.1.4.1.3704.1.4 (VCEK), raw or wrapped in an OCTET STRING; null when absent
 * @param cspId 1.3.6.1.4.1.3704.1.5 (VLEK), null when absent
 */
public record KdsExtensions(int structVersion, String productName, int bootloader, int tee, int snp, int spl4,
        int spl5, int spl6, int spl7, int microcode, int fmc, byte[] hwid, String cspId) {

    private static final ASN1ObjectIdentifier AMD = new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1");
    static final ASN1ObjectIdentifier STRUCT_VERSION = AMD.branch("1");
    static final ASN1ObjectIdentifier PRODUCT_NAME = AMD.branch("2");
    static final ASN1ObjectIdentifier SPL = AMD.branch("3");
    static final ASN1ObjectIdentifier HWID = AMD.branch("4");
    static final ASN1ObjectIdentifier CSP_ID = AMD.branch("5");

    /** Reads the extensions of a VCEK ({@code requireHwid}) or VLEK certificate. */
    public static KdsExtensions read(Extensions extensions, boolean requireHwid) throws InvalidCertificateException {
        if (extensions == null) {
            throw new InvalidCertificateException("certificate has no extensions");
        }
        int structVersion = integer(extensions, STRUCT_VERSION, 0);
        String product = ia5(extensions, PRODUCT_NAME);
        if (product == null) {
            throw new InvalidCertificateException("product name extension 1.3.6.1.4.1.3704.1.2 is missing");
        }
        byte[] hwid = octets(extensions.getExtension(HWID));
        String cspId = ia5(extensions, CSP_ID);
        if (requireHwid && hwid == null) {
            throw new InvalidCertificateException("hwid extension 1.3.6.1.4.1.3704.1.4 is missing");
        }
        if (hwid != null && cspId != null) {
            throw new InvalidCertificateException("certificate carries both a hwid and a CSP id");
        }
        return new KdsExtensions(structVersion, product, required(extensions, 1), required(extensions, 2),
                required(extensions, 3), integer(extensions, SPL.branch("4"), 0), integer(extensions, SPL.branch("5"), 0),
                integer(extensions, SPL.branch("6"), 0), integer(extensions, SPL.branch("7"), 0), required(extensions, 8),
                integer(extensions, SPL.branch("9"), -1), hwid, cspId);
    }

    /** The product named by the product name extension. */
    public Optional<Product> product() {
        return Product.fromName(productName);
    }

    /**
     * The TCB_VERSION this key was derived for, in the layout of {@code product} (SEV-SNP ABI spec
     * rev 1.58, Table 3), to compare with REPORTED_TCB.
     */
    public long tcb(Product product) {
        if (product.fmcLayout()) {
            return Math.max(fmc, 0) | (long) bootloader << 8 | (long) tee << 16 | (long) snp << 24
                    | (long) microcode << 56;
        }
        return bootloader | (long) tee << 8 | (long) spl4 << 16 | (long) spl5 << 24 | (long) spl6 << 32
                | (long) spl7 << 40 | (long) snp << 48 | (long) microcode << 56;
    }

    @Override
    public byte[] hwid() {
        return hwid == null ? null : hwid.clone();
    }

    private static int required(Extensions extensions, int spl) throws InvalidCertificateException {
        int value = integer(extensions, SPL.branch(Integer.toString(spl)), -1);
        if (value < 0) {
            throw new InvalidCertificateException("SPL extension 1.3.6.1.4.1.3704.1.3." + spl + " is missing");
        }
        return value;
    }

    private static int integer(Extensions extensions, ASN1ObjectIdentifier oid, int absent)
            throws InvalidCertificateException {
        ASN1Encodable value = value(extensions.getExtension(oid));
        if (value == null) {
            return absent;
        }
        if (!(value instanceof ASN1Integer)) {
            throw new InvalidCertificateException("extension " + oid + " is not an INTEGER");
        }
        BigInteger i = ((ASN1Integer) value).getValue();
        if (i.signum() < 0 || i.bitLength() > 8) {
            throw new InvalidCertificateException("extension " + oid + " is not a u8: " + i);
        }
        return i.intValue();
    }

    private static String ia5(Extensions extensions, ASN1ObjectIdentifier oid) throws InvalidCertificateException {
        ASN1Encodable value = value(extensions.getExtension(oid));
        if (value == null) {
            return null;
        }
        if (!(value instanceof ASN1IA5String)) {
            throw new InvalidCertificateException("extension " + oid + " is not an IA5String");
        }
        return ((ASN1IA5String) value).getString();
    }

    private static ASN1Encodable value(Extension extension) throws InvalidCertificateException {
        if (extension == null) {
            return null;
        }
        try {
            return ASN1Primitive.fromByteArray(extension.getExtnValue().getOctets());
        } catch (IOException | RuntimeException e) {
            throw new InvalidCertificateException("extension " + extension.getExtnId() + " does not parse: " + e.getMessage());
        }
    }

    /**
     * The hwid is the raw 64 (Turin: 8) bytes in KDS-issued certificates, but some issuers wrap it
     * in an OCTET STRING; both encodings are accepted (raw when the length is a hwid length).
     */
    private static byte[] octets(Extension extension) throws InvalidCertificateException {
        if (extension == null) {
            return null;
        }
        byte[] value = extension.getExtnValue().getOctets();
        if (value.length == 64 || value.length == 8) {
            return value;
        }
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(value);
            if (inner instanceof ASN1OctetString) {
                byte[] unwrapped = ((ASN1OctetString) inner).getOctets();
                if (unwrapped.length == 64 || unwrapped.length == 8) {
                    return unwrapped;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidCertificateException("hwid extension does not parse: " + e.getMessage());
        }
        throw new InvalidCertificateException("hwid extension is neither 64 nor 8 bytes, raw or wrapped");
    }
}
