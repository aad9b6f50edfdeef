package io.ccl.keys.broker.policy;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.keys.api.ReleasePolicy;
import io.ccl.keys.api.ResourcePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A release policy read from a JSON file ({@link ReleaseRules} describes the format) and re-read
 * whenever the file's modification time, size or identity changes. A resource is released only
 * when some rule covers its path, admits the attester's TEE type, accepts its EAR status and all
 * of the rule's claim constraints hold.
 *
 * <p><b>Security guarantees.</b> Default deny: no matching rule, a missing file or an invalid file
 * (any defect, including an unknown member) denies every release until the file is fixed.
 */
@Component(service = ReleasePolicy.class, configurationPid = ConfiguredReleasePolicy.PID,
        property = ConfiguredReleasePolicy.POLICY_PROPERTY + "=" + ConfiguredReleasePolicy.KIND)
@Designate(ocd = ConfiguredReleasePolicy.Config.class)
public final class ConfiguredReleasePolicy implements ReleasePolicy {
    /** Configuration PID. */
    public static final String PID = "io.ccl.keys.release";
    /** Service property naming the policy implementation; the broker selects by it. */
    public static final String POLICY_PROPERTY = "ccl.release.policy";
    /** Value of {@link #POLICY_PROPERTY} for this policy. */
    public static final String KIND = "configured";

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredReleasePolicy.class);
    private static final int MAX_FILE_BYTES = 1 << 20;

    @ObjectClassDefinition(name = "CCL release policy",
            description = "Which attested runtimes may receive which secrets; rules in a JSON file, reloaded on change. Default deny.")
    public @interface Config {
        @AttributeDefinition(name = "Policy file", description = "JSON rules file, relative to the working directory unless absolute.")
        String file() default "config/release-policy.json";
    }

    /** What identifies one content of the file: any change means reload. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, "missing");
    }

    /** Rules in force and the file state they came from; no rules after a failure. */
    private record Loaded(Stamp stamp, List<ReleaseRule> rules) {
    }

    private final Path file;
    private final Object reloadLock = new Object();
    private volatile Loaded loaded;

    @Activate
    public ConfiguredReleasePolicy(Config config) {
        this(Path.of(config.file()));
    }

    public ConfiguredReleasePolicy(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        rules();
    }

    @Override
    public boolean permits(ResourcePath path, AttestationResult result) {
        if (path == null || result == null) {
            return false;
        }
        for (ReleaseRule rule : rules()) {
            if (rule.matches(path, result)) {
                return true;
            }
        }
        return false;
    }

    private List<ReleaseRule> rules() {
        Stamp stamp = stamp();
        Loaded current = loaded;
        if (current != null && current.stamp().equals(stamp)) {
            return current.rules();
        }
        synchronized (reloadLock) {
            current = loaded;
            if (current == null || !current.stamp().equals(stamp)) {
                current = new Loaded(stamp, load(stamp));
                loaded = current;
            }
            return current.rules();
        }
    }

    private List<ReleaseRule> load(Stamp stamp) {
        if (stamp == Stamp.MISSING) {
            LOG.error("release policy {} does not exist or cannot be read: every release is denied", file);
            return List.of();
        }
        try {
            List<ReleaseRule> rules = ReleaseRules.parse(read());
            LOG.info("release policy {} loaded: {} rule(s)", file, rules.size());
            return rules;
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("release policy {} is invalid, every release is denied until it is fixed: {}", file, e.getMessage());
            return List.of();
        }
    }

    private String read() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            return Stamp.MISSING;
        }
    }
}
