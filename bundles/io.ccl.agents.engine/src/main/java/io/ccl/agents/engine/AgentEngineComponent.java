package io.ccl.agents.engine;

import io.ccl.agents.api.AgentEngine;
import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.JobRefusedException;
import io.ccl.agents.api.JobView;
import io.ccl.agents.api.ModelInfo;
import io.ccl.agents.engine.audit.JobAudit;
import io.ccl.agents.engine.jobs.BreachAction;
import io.ccl.agents.engine.jobs.Engine;
import io.ccl.agents.engine.jobs.EngineSettings;
import io.ccl.agents.engine.jobs.TypeSettings;
import io.ccl.audit.api.AuditSink;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeListener;
import io.ccl.runtime.api.RuntimeStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent Execution Engine as a DS component: tracks {@link AgentType} services (hot-swappable),
 * agent type configurations ({@code io.ccl.agents.type~NAME}), audit sinks, and the runtime's
 * state changes (as a {@link RuntimeListener}). Changing this component's own configuration
 * restarts it: jobs in flight then fail with ENGINE_STOPPED.
 */
@Component(service = {AgentEngine.class, RuntimeListener.class}, immediate = true,
        configurationPid = AgentEngineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AgentEngineComponent.Config.class)
public final class AgentEngineComponent implements AgentEngine, RuntimeListener {
    /** The engine's PID (also read by the REST servlets for max.body.bytes). */
    public static final String PID = "io.ccl.agents.engine";
    private static final Logger LOG = LoggerFactory.getLogger(AgentEngineComponent.class);

    @ObjectClassDefinition(name = "CCL agent execution engine")
    public @interface Config {
        @AttributeDefinition(description = "Worker threads of a type without its own setting")
        int default_workers() default 2;

        @AttributeDefinition(description = "Queue size (jobs waiting beyond the running ones) of a type without its own setting")
        int default_queue_size() default 16;

        @AttributeDefinition(description = "Longest run of a job in seconds (TIMEOUT after)")
        long job_timeout_seconds() default 300;

        @AttributeDefinition(description = "Most jobs kept in the store (queued, running and ended)")
        int jobs_max() default 1000;

        @AttributeDefinition(description = "Seconds an ended job (and its sealed result) is kept")
        long jobs_ttl_seconds() default 3600;

        @AttributeDefinition(description = "Largest plaintext result of one job, bytes")
        int result_max_bytes() default 4 << 20;

        @AttributeDefinition(description = "Sealed results kept in all, characters; beyond it new jobs get STORE_FULL")
        long results_max_total_bytes() default 256L << 20;

        @AttributeDefinition(description = "Largest safe view of one job (JSON bytes)")
        int safe_view_max_bytes() default 64 << 10;

        @AttributeDefinition(description = "Largest request body of POST /api/v1/agents/{type}/jobs, bytes (413 beyond)")
        int max_body_bytes() default 32 << 20;

        @AttributeDefinition(description = "Models directory (manifest.json and *.cclm files)")
        String models_dir() default "data/models";

        @AttributeDefinition(description = "Largest encrypted model file, bytes")
        long model_max_bytes() default 256L << 20;

        @AttributeDefinition(description = "On a network isolation breach, beyond ending all sessions: END_SESSIONS (nothing more), REATTEST or LOCKDOWN")
        BreachAction breach_action() default BreachAction.END_SESSIONS;

        @AttributeDefinition(description = "Retry-After seconds on 503 refusals")
        int retry_after_seconds() default 5;

        @AttributeDefinition(description = "Seconds queued jobs wait for a removed agent type to come back (0 = fail at once)")
        long removal_grace_seconds() default 30;

        @AttributeDefinition(description = "Seconds a starting job waits while the runtime re-attests")
        long ready_wait_seconds() default 10;

        @AttributeDefinition(description = "Egress connect timeout, seconds")
        long egress_connect_timeout_seconds() default 10;

        @AttributeDefinition(description = "Egress request timeout when the agent sets none, seconds")
        long egress_request_timeout_seconds() default 60;
    }

    private final JobAudit audit = new JobAudit(Clock.systemUTC());
    private final Engine engine;
    private final Map<AgentTypeConfigComponent, String> configured = new ConcurrentHashMap<>();
    private final EngineSettings settings;

    @Activate
    public AgentEngineComponent(Config config, @Reference ConfidentialRuntime runtime) {
        this.settings = settings(config);
        this.engine = new Engine(runtime, settings, Clock.systemUTC(), audit);
        LOG.info("agent engine started: models in {}, breach action {}", settings.modelsDir().toAbsolutePath(),
                settings.breachAction());
    }

    static EngineSettings settings(Config c) {
        int maxBody = c.max_body_bytes();
        return new EngineSettings(c.default_workers(), c.default_queue_size(), Duration.ofSeconds(c.job_timeout_seconds()),
                c.jobs_max(), Duration.ofSeconds(c.jobs_ttl_seconds()), c.result_max_bytes(), c.results_max_total_bytes(),
                c.safe_view_max_bytes(), maxBody, Path.of(c.models_dir()), c.model_max_bytes(), c.breach_action(),
                c.retry_after_seconds(), Duration.ofSeconds(c.removal_grace_seconds()),
                Duration.ofSeconds(c.ready_wait_seconds()), Duration.ofSeconds(c.egress_connect_timeout_seconds()),
                Duration.ofSeconds(c.egress_request_timeout_seconds()));
    }

    @Reference(service = AgentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + AgentType.PROPERTY + "=*)",
            unbind = "removeAgent")
    void addAgent(AgentType agent, Map<String, Object> properties) {
        engine.addAgent(String.valueOf(properties.get(AgentType.PROPERTY)), agent, ranking(properties),
                ((Number) properties.getOrDefault(Constants.SERVICE_ID, 0L)).longValue());
    }

    void removeAgent(AgentType agent, Map<String, Object> properties) {
        engine.removeAgent(String.valueOf(properties.get(AgentType.PROPERTY)), agent);
    }

    @Reference(service = AgentTypeConfigComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeConfiguration")
    void addConfiguration(AgentTypeConfigComponent c) {
        String type = c.type();
        if (!TypeSettings.TYPE.matcher(type).matches()) {
            LOG.error("agent type configuration ignored: the type must match {} (set 'type' or name the "
                    + "configuration {}~<type>)", TypeSettings.TYPE.pattern(), AgentTypeConfigComponent.PID);
            return;
        }
        AgentTypeConfigComponent.Config k = c.config();
        TypeSettings s = TypeSettings.of(type, k.secrets(), k.egress_allow(), k.models(), k.workers(), k.queue_size(),
                k.job_timeout_seconds(), settings, problem -> LOG.error("agent type {}: {}", type, problem));
        configured.put(c, type);
        engine.configure(s);
        LOG.info("agent type {} configured: {} secrets, egress {}, models {}, {} workers, queue {}", type,
                s.secrets().size(), s.egress().describe(), s.modelNames(), s.workers(), s.queueSize());
    }

    void removeConfiguration(AgentTypeConfigComponent c) {
        String type = configured.remove(c);
        if (type != null && !configured.containsValue(type)) {
            engine.unconfigure(type);
        }
    }

    @Reference(service = AuditSink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSink")
    void addSink(AuditSink sink) {
        audit.addSink(sink);
    }

    void removeSink(AuditSink sink) {
        audit.removeSink(sink);
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    private static int ranking(Map<String, Object> properties) {
        Object r = properties.get(Constants.SERVICE_RANKING);
        return r instanceof Integer i ? i : 0;
    }

    @Override
    public void stateChanged(RuntimeStatus previous, RuntimeStatus current) {
        engine.runtimeChanged(previous, current);
    }

    @Override
    public List<AgentInfo> agents() {
        return engine.agents();
    }

    @Override
    public JobView submit(String agentType, String inputJwe, Map<String, Object> replyTo) throws JobRefusedException {
        return engine.submit(agentType, inputJwe, replyTo);
    }

    @Override
    public Optional<JobView> job(String id) {
        return engine.job(id);
    }

    @Override
    public List<JobView> jobs() {
        return engine.jobs();
    }

    @Override
    public List<ModelInfo> models() {
        return engine.models();
    }

    @Override
    public long networkIsolationBreaches() {
        return engine.networkIsolationBreaches();
    }
}
