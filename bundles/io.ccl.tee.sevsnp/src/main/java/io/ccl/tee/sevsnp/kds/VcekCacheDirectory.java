package io.ccl.tee.sevsnp.kds;

import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An offline collateral directory, laid out like the KDS it mirrors:
 *
 * <pre>
 * {dir}/vcek/{Product}/{hwid hex}/{reported TCB hex}.der   VCEKs (immutable: keyed by chip and TCB)
 * {dir}/cert_chain/{Product}.pem                           ASK/ASVK + ARK
 * {dir}/crl/{Product}.crl                                  ARK CRL (DER or PEM)
 * </pre>
 *
 * Every path component is derived from parsed numbers and enum names, never from free text, so
 * lookups cannot leave the directory. Writes (of VCEKs fetched from the KDS) are atomic.
 */
public final class VcekCacheDirectory implements CollateralSource {
    private static final long MAX_FILE = 64 * 1024;

    private final Path root;

    public VcekCacheDirectory(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "cache";
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> vcek(Product product, byte[] hwid, TcbVersion tcb) {
        return read(vcekPath(product, hwid, tcb));
    }

    @Override
    public Optional<byte[]> certChain(Product product) {
        return read(root.resolve("cert_chain").resolve(product.kdsName() + ".pem"));
    }

    @Override
    public Optional<byte[]> crl(Product product, Instant now) {
        return read(root.resolve("crl").resolve(product.kdsName() + ".crl"));
    }

    /** Stores a VCEK (best effort: a read-only cache is not an error). */
    public void storeVcek(Product product, byte[] hwid, TcbVersion tcb, byte[] der) {
        Path target = vcekPath(product, hwid, tcb);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".vcek", ".tmp");
            try {
                Files.write(tmp, der);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs a later fetch.
        }
    }

    private Path vcekPath(Product product, byte[] hwid, TcbVersion tcb) {
        return root.resolve("vcek").resolve(product.kdsName()).resolve(HexFormat.of().formatHex(hwid))
                .resolve(tcb.hex() + ".der");
    }

    private static Optional<byte[]> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
