package io.ccl.cli;

import io.ccl.attestation.api.EvidenceVerifier;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Verifiers on the class path, found through {@link ServiceLoader}. */
final class Verifiers {
    private Verifiers() {
    }

    static Optional<EvidenceVerifier> forTee(String tee) {
        return ServiceLoader.load(EvidenceVerifier.class).stream().map(ServiceLoader.Provider::get)
                .filter(v -> v.teeType().equals(tee)).findFirst();
    }

    static Iterable<String> available() {
        TreeSet<String> names = new TreeSet<>();
        ServiceLoader.load(EvidenceVerifier.class).stream().map(ServiceLoader.Provider::get)
                .forEach(v -> names.add(v.teeType()));
        return names;
    }
}
