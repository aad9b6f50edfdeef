package io.ccl.attestation.service;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.api.TeeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence verifiers by their {@code ccl.tee.type} service property. When several serve one type
 * the usual OSGi order decides: highest {@code service.ranking}, then lowest {@code service.id}.
 * A verifier whose property disagrees with its {@link EvidenceVerifier#teeType()} is ignored.
 */
final class VerifierRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierRegistry.class);
    private static final Comparator<Registered> ORDER = Comparator.comparingInt(Registered::ranking)
            .thenComparing(Comparator.comparingLong(Registered::serviceId).reversed());

    private record Registered(String teeType, EvidenceVerifier verifier, int ranking, long serviceId) {
    }

    private final List<Registered> registered = new CopyOnWriteArrayList<>();

    void add(EvidenceVerifier verifier, Map<String, Object> props) {
        int ranking = props.get("service.ranking") instanceof Integer r ? r : 0;
        long id = props.get("service.id") instanceof Long l ? l : Long.MAX_VALUE;
        for (String tee : teeTypes(props.get(TeeType.PROPERTY))) {
            String declared = verifier.teeType();
            if (!tee.equals(declared)) {
                LOG.warn("ignoring evidence verifier {}: {}={} but teeType()={}", verifier.getClass().getName(),
                        TeeType.PROPERTY, tee, declared);
                continue;
            }
            registered.add(new Registered(tee, verifier, ranking, id));
        }
    }

    void remove(EvidenceVerifier verifier) {
        registered.removeIf(r -> r.verifier() == verifier);
    }

    Optional<EvidenceVerifier> find(String teeType) {
        return registered.stream().filter(r -> r.teeType().equals(teeType)).max(ORDER).map(Registered::verifier);
    }

    Set<String> types() {
        Set<String> types = new TreeSet<>();
        registered.forEach(r -> types.add(r.teeType()));
        return types;
    }

    private static List<String> teeTypes(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (property instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }
}
