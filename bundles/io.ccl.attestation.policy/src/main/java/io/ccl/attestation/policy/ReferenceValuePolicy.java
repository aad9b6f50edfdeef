package io.ccl.attestation.policy;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AppraisalPolicy;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.attestation.policy.reference.Appraiser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference-value appraisal policy read from a JSON file (format in the bundle README). The file is
 * re-read when its modification time or size changes (checked at most once per second, on
 * appraisal) and on every configuration update — changing {@code reload.token} forces a reload.
 * A file that does not load keeps the previous policy; with none ever loaded everything is denied
 * with {@code policy.invalid}.
 */
@Component(name = ReferenceValuePolicy.PID, configurationPid = ReferenceValuePolicy.PID,
        service = AppraisalPolicy.class, property = "ccl.policy.type=reference-values")
@Designate(ocd = ReferenceValuePolicy.Config.class)
public final class ReferenceValuePolicy implements AppraisalPolicy {
    /** Configuration PID. */
    public static final String PID = "io.ccl.attestation.policy";
    /** Policy id reported while no valid policy is loaded. */
    public static final String INVALID_ID = "invalid";

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceValuePolicy.class);

    /** Configuration. */
    @ObjectClassDefinition(name = "CCL reference-value appraisal policy",
            description = "Appraises verified claims against reference values from a JSON file.")
    public @interface Config {
        @AttributeDefinition(name = "Policy file", description = "Path of the JSON policy; relative paths resolve "
                + "against the working directory (the runtime home).")
        String file() default "config/policy/reference-values.json";

        @AttributeDefinition(name = "Reload token", description = "Any value; changing it forces the file to be "
                + "read again (ccl:policy reload).")
        String reload_token() default "";
    }

    private final Clock clock;
    private volatile PolicyFile source;

    /** DS constructor. */
    @Activate
    public ReferenceValuePolicy(Config config) {
        this(Path.of(config.file()), Clock.systemUTC());
    }

    /** For tests: a fixed file and a controllable clock. */
    ReferenceValuePolicy(Path file, Clock clock) {
        this.clock = clock;
        this.source = new PolicyFile(file, clock);
        source.reload();
    }

    /** Any configuration change re-reads the file (a new path, or the same with a new reload token). */
    @Modified
    void modified(Config config) {
        Path file = Path.of(config.file());
        PolicyFile current = source;
        if (current.path().equals(file.toAbsolutePath().normalize())) {
            current.reload();
        } else {
            PolicyFile next = new PolicyFile(file, clock);
            next.reload();
            source = next;
        }
    }

    @Override
    public String id() {
        PolicyFile.Loaded loaded = source.current();
        return loaded == null ? INVALID_ID : loaded.document().revision();
    }

    @Override
    public Appraisal appraise(VerifiedClaims claims, Map<String, Object> runtimeData) {
        PolicyFile.Loaded loaded = source.current();
        if (loaded == null) {
            return new Appraisal(INVALID_ID, EarStatus.NONE, List.of(new Finding("policy.invalid", EarStatus.NONE,
                    "no valid policy has been loaded from " + source.path())), Map.of());
        }
        try {
            return Appraiser.appraise(loaded.document(), claims, runtimeData);
        } catch (RuntimeException e) {
            LOG.error("policy {} failed on {} claims: {}", loaded.document().revision(), claims.teeType(),
                    e.getClass().getName());
            return new Appraisal(loaded.document().revision(), EarStatus.NONE, List.of(new Finding("policy.error",
                    EarStatus.NONE, "the policy could not evaluate these claims")), Map.of());
        }
    }

    @Override
    public Map<String, Object> describe() {
        PolicyFile.Loaded loaded = source.current();
        Map<String, Object> m = new LinkedHashMap<>();
        if (loaded == null) {
            m.put("id", INVALID_ID);
        } else {
            m.putAll(loaded.document().describe());
            m.put("loaded_at", loaded.loadedAt().toString());
        }
        m.put("file", source.path().toString());
        String error = source.lastError();
        if (error != null) {
            m.put("last_error", error);
        }
        return m;
    }

    /** Re-reads the file now; for tests and callers holding the implementation. */
    void reload() {
        source.reload();
    }
}
