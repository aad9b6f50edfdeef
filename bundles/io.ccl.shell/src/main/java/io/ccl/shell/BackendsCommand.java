package io.ccl.shell;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.TeeType;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code ccl:backends}: installed TEE backends, with whether each can attest here and verify. */
@Component(service = BackendsCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=backends"})
public final class BackendsCommand {
    private final Map<ServiceReference<?>, String> attesters = new ConcurrentHashMap<>();
    private final Map<ServiceReference<?>, String> verifiers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAttester(ServiceReference<Attester> ref) {
        attesters.put(ref, String.valueOf(ref.getProperty(TeeType.PROPERTY)));
    }

    void removeAttester(ServiceReference<Attester> ref) {
        attesters.remove(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVerifier(ServiceReference<EvidenceVerifier> ref) {
        verifiers.put(ref, String.valueOf(ref.getProperty(TeeType.PROPERTY)));
    }

    void removeVerifier(ServiceReference<EvidenceVerifier> ref) {
        verifiers.remove(ref);
    }

    public String backends() {
        Map<String, String> rows = new TreeMap<>();
        verifiers.values().forEach(t -> rows.put(t, "verifier"));
        attesters.values().forEach(t -> rows.merge(t, "attester", (a, b) -> a + "," + b));
        StringBuilder b = new StringBuilder("tee\tcapabilities\n");
        rows.forEach((t, caps) -> b.append(t).append('\t').append(caps).append('\n'));
        return b.toString().stripTrailing();
    }
}
