package io.ccl.tee.sevsnp.abi;

import java.util.Locale;
import java.util.Optional;

/**
 * The AMD EPYC product lines that sign SEV-SNP reports, each with its own ARK. The product decides
 * the TCB_VERSION layout and the length of the chip id used as KDS hardware id.
 */
public enum Product {
    MILAN("Milan", 64, false),
    GENOA("Genoa", 64, false),
    TURIN("Turin", 8, true);

    private final String kdsName;
    private final int hwidLength;
    private final boolean fmcLayout;

    Product(String kdsName, int hwidLength, boolean fmcLayout) {
        this.kdsName = kdsName;
        this.hwidLength = hwidLength;
        this.fmcLayout = fmcLayout;
    }

    /** The spelling in KDS URLs and certificate names, e.g. {@code Milan}. */
    public String kdsName() {
        return kdsName;
    }

    /** The spelling in claims and hints, e.g. {@code milan}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bytes of CHIP_ID that form the KDS hardware id (Turin uses an 8-byte chip id). */
    public int hwidLength() {
        return hwidLength;
    }

    /** True when TCB_VERSION carries an FMC SPL (Turin layout). */
    public boolean fmcLayout() {
        return fmcLayout;
    }

    /**
     * The product of a CPU, from the combined family and model of CPUID Fn0000_0001_EAX as carried
     * in report version 3 and later. Ranges follow the KDS specification, "Determining the Product
     * Name" (Milan: 19h/00h-0Fh; Genoa incl. Bergamo and Siena: 19h/10h-1Fh, A0h-AFh; Turin:
     * 1Ah/00h-11h).
     */
    public static Optional<Product> fromCpuid(int family, int model) {
        if (family == 0x19 && model <= 0x0F) {
            return Optional.of(MILAN);
        }
        if (family == 0x19 && (model >= 0x10 && model <= 0x1F || model >= 0xA0 && model <= 0xAF)) {
            return Optional.of(GENOA);
        }
        if (family == 0x1A && model <= 0x11) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }

    /**
     * The product named by a hint ({@code milan}) or a VCEK product name extension
     * ({@code Milan-B0}, {@code Genoa}); the stepping suffix is ignored.
     */
    public static Optional<Product> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int dash = name.indexOf('-');
        String line = (dash < 0 ? name : name.substring(0, dash)).trim();
        for (Product p : values()) {
            if (p.kdsName.equalsIgnoreCase(line)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
