package io.ccl.tee.sevsnp.kds;

import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import java.time.Instant;
import java.util.Optional;

/**
 * Somewhere VCEKs, certificate chains and CRLs may be found: the evidence itself, an offline
 * cache directory, the AMD KDS. A source never throws: what it cannot provide is empty, and the
 * verifier asks the next source. Whatever a source returns is verified like any other collateral.
 */
public interface CollateralSource {
    /** A short name for messages and configuration ({@code evidence}, {@code cache}, {@code kds}). */
    String name();

    /** The DER VCEK for a chip (KDS hardware id) and reported TCB. */
    Optional<byte[]> vcek(Product product, byte[] hwid, TcbVersion tcb);

    /** The ASK (or ASVK) and ARK, as PEM or DER, as KDS {@code cert_chain} returns them. */
    Optional<byte[]> certChain(Product product);

    /** The ARK-signed CRL of a product (DER or PEM), current at {@code now} as far as the source knows. */
    Optional<byte[]> crl(Product product, Instant now);
}
