package io.ccl.tee.sevsnp.abi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCB_VERSION: the security patch levels of the firmware components, as one little-endian u64.
 *
 * <p>Layout per SEV-SNP ABI spec rev 1.58, Table 3: Milan and Genoa place BOOT_LOADER in byte 0,
 * TEE in byte 1, SNP in byte 6 and MICROCODE in byte 7 (bytes 2-5 reserved); Turin places FMC in
 * byte 0, BOOT_LOADER in byte 1, TEE in byte 2, SNP in byte 3 and MICROCODE in byte 7 (bytes 4-6
 * reserved).
 *
 * @param raw the u64 as read little-endian from the report
 * @param product the product whose layout applies
 */
public record TcbVersion(long raw, Product product) {

    /** The byte at {@code index} (0 = least significant). */
    public int part(int index) {
        return (int) (raw >>> (8 * index)) & 0xFF;
    }

    public int bootloader() {
        return part(product.fmcLayout() ? 1 : 0);
    }

    public int tee() {
        return part(product.fmcLayout() ? 2 : 1);
    }

    public int snp() {
        return part(product.fmcLayout() ? 3 : 6);
    }

    public int microcode() {
        return part(7);
    }

    /** The FMC SPL, or -1 for products without it. */
    public int fmc() {
        return product.fmcLayout() ? part(0) : -1;
    }

    /** JSON-shaped claim value: bootloader, tee, snp, microcode and, for Turin, fmc. */
    public Map<String, Object> toClaim() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (product.fmcLayout()) {
            m.put("fmc", (long) fmc());
        }
        m.put("bootloader", (long) bootloader());
        m.put("tee", (long) tee());
        m.put("snp", (long) snp());
        m.put("microcode", (long) microcode());
        return m;
    }

    /** Lower-case hex of the eight bytes in report order, e.g. {@code 0300000000000873}. */
    public String hex() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            sb.append(Character.forDigit(part(i) >> 4, 16)).append(Character.forDigit(part(i) & 0xF, 16));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return product.fmcLayout()
                ? String.format("fmc=%d bl=%d tee=%d snp=%d ucode=%d", fmc(), bootloader(), tee(), snp(), microcode())
                : String.format("bl=%d tee=%d snp=%d ucode=%d", bootloader(), tee(), snp(), microcode());
    }
}
