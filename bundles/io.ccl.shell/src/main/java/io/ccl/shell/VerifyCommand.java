package io.ccl.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.TeeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code ccl:verify <tee> <evidence-file> [collateral-file ...]}: verifies evidence with the
 * installed verifier at the current time and prints the same JSON as {@code ./ccl verify}.
 */
@Component(service = VerifyCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=verify"})
public final class VerifyCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, EvidenceVerifier> verifiers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVerifier(EvidenceVerifier v, Map<String, Object> props) {
        verifiers.put(String.valueOf(props.get(TeeType.PROPERTY)), v);
    }

    void removeVerifier(EvidenceVerifier v, Map<String, Object> props) {
        verifiers.remove(String.valueOf(props.get(TeeType.PROPERTY)), v);
    }

    public String verify(String tee, String evidenceFile, String... collateralFiles) throws IOException {
        EvidenceVerifier v = verifiers.get(tee);
        if (v == null) {
            return "no verifier for '" + tee + "'; installed: " + verifiers.keySet();
        }
        List<Collateral> collateral = new ArrayList<>();
        for (String f : collateralFiles) {
            Path p = Path.of(f);
            collateral.add(new Collateral(p.getFileName().toString(), Files.readAllBytes(p)));
        }
        Evidence evidence = new Evidence(tee, Files.readAllBytes(Path.of(evidenceFile)), collateral);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tee", tee);
        try {
            var claims = v.verify(evidence, VerificationContext.at(Instant.now()));
            out.put("verified", true);
            out.put("claims", claims.claims());
        } catch (VerificationException e) {
            out.put("verified", false);
            out.put("reason", e.reasonCode());
            out.put("detail", e.getMessage());
            if (e instanceof EvidenceRejectedException r && r.expected() != null) {
                out.put("expected", r.expected());
                out.put("actual", r.actual());
            }
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }
}
