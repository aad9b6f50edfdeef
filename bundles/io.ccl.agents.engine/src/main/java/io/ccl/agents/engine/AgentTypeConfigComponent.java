package io.ccl.agents.engine;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One instance per factory configuration {@code io.ccl.agents.type~NAME}: what the agent type NAME
 * is granted. Registered as a bundle-private service that the engine tracks dynamically; a change
 * applies to jobs started afterwards.
 */
@Component(service = AgentTypeConfigComponent.class, configurationPid = AgentTypeConfigComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AgentTypeConfigComponent.Config.class, factory = true)
public final class AgentTypeConfigComponent {
    /** The factory PID. */
    public static final String PID = "io.ccl.agents.type";

    @ObjectClassDefinition(name = "CCL agent type", description = "Grants and pool sizes of one agent type; "
            + "name the configuration io.ccl.agents.type~<type>")
    public @interface Config {
        @AttributeDefinition(description = "Agent type (ccl.agent.type); empty = the name after '~' in the PID")
        String type() default "";

        @AttributeDefinition(description = "Secrets the type may read, repo/type/tag each (the runtime must provision them)")
        String[] secrets() default {};

        @AttributeDefinition(description = "Egress allowlist: [scheme://]host[:port]; https when no scheme, *.suffix, port * for any")
        String[] egress_allow() default {};

        @AttributeDefinition(description = "Models the type may load: NAME or NAME@sha256:HEX (pins the digest)")
        String[] models() default {};

        @AttributeDefinition(description = "Worker threads; 0 = the engine's default.workers")
        int workers() default 0;

        @AttributeDefinition(description = "Jobs that may wait beyond the running ones; -1 = the engine's default.queue.size")
        int queue_size() default -1;

        @AttributeDefinition(description = "Longest run in seconds before the job fails with TIMEOUT; 0 = the engine's job.timeout.seconds")
        long job_timeout_seconds() default 0;
    }

    private final String type;
    private final Config config;

    @Activate
    public AgentTypeConfigComponent(Config config, Map<String, Object> properties) {
        this.config = config;
        this.type = typeOf(config.type(), properties);
    }

    /** The configured type name (may be invalid; the engine checks). */
    public String type() {
        return type;
    }

    Config config() {
        return config;
    }

    /** The type named by a configuration: its {@code type} property, else the name after {@code ~} in its PID. */
    static String typeOf(String explicit, Map<String, Object> properties) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        Object pid = properties.get("service.pid");
        if (pid instanceof String s && s.indexOf('~') >= 0) {
            return s.substring(s.indexOf('~') + 1);
        }
        return "";
    }

    @Override
    public String toString() {
        return "AgentTypeConfigComponent[" + type + "]";
    }
}
