package io.ccl.tee.sevsnp.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductAndTcbTest {

    @Test
    void productFromCpuid() {
        assertEquals(Optional.of(Product.MILAN), Product.fromCpuid(0x19, 0x01));
        assertEquals(Optional.of(Product.GENOA), Product.fromCpuid(0x19, 0x11));
        assertEquals(Optional.of(Product.GENOA), Product.fromCpuid(0x19, 0xA0));
        assertEquals(Optional.of(Product.TURIN), Product.fromCpuid(0x1A, 0x02));
        assertEquals(Optional.of(Product.TURIN), Product.fromCpuid(0x1A, 0x11));
        assertEquals(Optional.empty(), Product.fromCpuid(0x1A, 0x50));
        assertEquals(Optional.empty(), Product.fromCpuid(0x17, 0x01));
    }

    @Test
    void productFromName() {
        assertEquals(Optional.of(Product.MILAN), Product.fromName("Milan-B0"));
        assertEquals(Optional.of(Product.GENOA), Product.fromName("genoa"));
        assertEquals(Optional.of(Product.TURIN), Product.fromName("Turin"));
        assertEquals(Optional.empty(), Product.fromName("Venice"));
        assertEquals(Optional.empty(), Product.fromName(null));
    }

    @Test
    void milanAndGenoaLayout() {
        // bytes in report order 03 00 00 00 00 00 08 73
        TcbVersion tcb = new TcbVersion(0x7308000000000003L, Product.MILAN);
        assertEquals("0300000000000873", tcb.hex());
        assertEquals(Map.of("bootloader", 3L, "tee", 0L, "snp", 8L, "microcode", 0x73L), tcb.toClaim());
        assertEquals(-1, tcb.fmc());
    }

    @Test
    void turinLayoutHasFmc() {
        // Turin: FMC, BOOT_LOADER, TEE, SNP, reserved x3, MICROCODE
        TcbVersion tcb = new TcbVersion(0x4800000003020105L, Product.TURIN);
        assertEquals(5, tcb.fmc());
        assertEquals(1, tcb.bootloader());
        assertEquals(2, tcb.tee());
        assertEquals(3, tcb.snp());
        assertEquals(0x48, tcb.microcode());
        assertEquals(5L, tcb.toClaim().get("fmc"));
    }
}
