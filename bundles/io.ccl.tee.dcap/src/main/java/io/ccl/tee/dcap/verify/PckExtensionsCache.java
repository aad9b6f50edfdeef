package io.ccl.tee.dcap.verify;

import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.PckExtensions;

/** Parsed Intel SGX extensions per PCK certificate (a pure function of the certificate's bytes). */
final class PckExtensionsCache {
    private static final BoundedCache<IntelCertificate, PckExtensions> CACHE = new BoundedCache<>(256);

    private PckExtensionsCache() {
    }

    /** @throws IllegalArgumentException when the certificate's extensions do not follow the profile */
    static PckExtensions of(IntelCertificate pck) {
        return CACHE.computeIfAbsent(pck, PckExtensions::of);
    }
}
