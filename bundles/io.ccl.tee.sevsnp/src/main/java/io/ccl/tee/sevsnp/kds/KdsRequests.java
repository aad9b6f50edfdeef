package io.ccl.tee.sevsnp.kds;

import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import java.util.HexFormat;

/**
 * The request paths of the AMD KDS (KDS specification, AMD 57230, section 4): the VCEK of a chip at
 * a TCB, the product's certificate chain and its CRL.
 */
final class KdsRequests {
    private KdsRequests() {
    }

    /** {@code /vcek/v1/{product}/{hwid}?blSPL=..&teeSPL=..&snpSPL=..&ucodeSPL=..} (+ {@code fmcSPL} for Turin). */
    static String vcek(Product product, byte[] hwid, TcbVersion tcb) {
        StringBuilder sb = new StringBuilder("/vcek/v1/").append(product.kdsName()).append('/')
                .append(HexFormat.of().formatHex(hwid)).append("?blSPL=").append(tcb.bootloader())
                .append("&teeSPL=").append(tcb.tee()).append("&snpSPL=").append(tcb.snp())
                .append("&ucodeSPL=").append(tcb.microcode());
        if (product.fmcLayout()) {
            sb.append("&fmcSPL=").append(tcb.fmc());
        }
        return sb.toString();
    }

    static String certChain(Product product) {
        return "/vcek/v1/" + product.kdsName() + "/cert_chain";
    }

    static String crl(Product product) {
        return "/vcek/v1/" + product.kdsName() + "/crl";
    }
}
