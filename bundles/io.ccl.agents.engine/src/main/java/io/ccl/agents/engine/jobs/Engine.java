package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.AgentEngine;
import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.api.JobRefusedException;
import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.api.ModelInfo;
import io.ccl.agents.engine.audit.JobAudit;
import io.ccl.agents.engine.egress.AllowlistedClient;
import io.ccl.agents.engine.model.ModelStore;
import io.ccl.audit.api.AuditEvent;
import io.ccl.crypto.Jwe;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent Execution Engine without OSGi: the registry of agent types (services and
 * configurations, both dynamic), one {@link Lane} per type, the {@link JobStore}, the network
 * isolation breach counter, and the reactions to the runtime's state. The DS component feeds it
 * services, configurations and runtime events; tests drive it directly.
 *
 * <p><b>Sessions.</b> A session is one job's run with its capability context (secret copies, model
 * buffers, egress client) plus every job waiting in a queue. "All active sessions end" means: every
 * queued and running job of every agent type fails (the offender with
 * {@code NETWORK_ISOLATION_BREACH}, the others with {@code SESSION_TERMINATED}), every capability
 * context is revoked, running workers are interrupted and replaced. The runtime's own KBS session
 * is renewed by {@link BreachAction#REATTEST} or ended by {@link BreachAction#LOCKDOWN}.
 */
public final class Engine implements AgentEngine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConfidentialRuntime runtime;
    private final EngineSettings settings;
    private final Clock clock;
    private final JobAudit audit;
    private final ModelStore models;
    private final JobStore store;
    private final Readiness readiness;
    private final HttpClient http;
    private final JobExecution execution = new JobExecution(this);
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicLong breaches = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final JobContext.Events contextEvents = new ContextEvents();
    private final Lane.Host host = new Host();
    private volatile boolean closed;

    public Engine(ConfidentialRuntime runtime, EngineSettings settings, Clock clock, JobAudit audit) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.models = new ModelStore(settings.modelsDir(), settings.modelMaxBytes(), runtime::secret);
        this.store = new JobStore(settings.jobsMax(), settings.jobsTtl(), settings.resultsMaxTotalBytes(), clock);
        this.readiness = new Readiness(runtime, settings.readyWait());
        this.http = AllowlistedClient.newHttpClient(settings.egressConnectTimeout());
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "ccl-agents-engine");
            t.setDaemon(true);
            return t;
        });
        long sweep = Math.max(1, Math.min(60, settings.jobsTtl().toSeconds()));
        scheduler.scheduleWithFixedDelay(store::evictExpired, sweep, sweep, TimeUnit.SECONDS);
    }

    // ---- registry -------------------------------------------------------------------------------

    /** A service for {@code type} appeared. */
    public void addAgent(String type, AgentType agent, int ranking, long serviceId) {
        if (!TypeSettings.TYPE.matcher(type).matches()) {
            LOG.error("agent service ignored: ccl.agent.type must match {}", TypeSettings.TYPE.pattern());
            return;
        }
        String own;
        try {
            own = agent.type();
        } catch (RuntimeException e) {
            own = null;
        }
        if (!type.equals(own)) {
            // A configuration can change service properties; the agent's own name must agree.
            LOG.error("agent service ignored: its ccl.agent.type property does not match its type()");
            return;
        }
        lane(type).addService(new Lane.Service(agent, ranking, serviceId));
        LOG.info("agent type {} available", type);
    }

    /** A service for {@code type} went away. */
    public void removeAgent(String type, AgentType agent) {
        Lane lane = lanes.get(type);
        if (lane != null) {
            lane.removeService(agent);
            LOG.info("agent service of type {} removed{}", type, lane.available() ? "; another one takes over" : "");
        }
    }

    /** The configuration of a type appeared or changed. */
    public void configure(TypeSettings s) {
        lane(s.type()).reconfigure(s);
    }

    /** The configuration of a type was deleted: it keeps running with nothing granted. */
    public void unconfigure(String type) {
        Lane lane = lanes.get(type);
        if (lane != null) {
            lane.reconfigure(TypeSettings.unconfigured(type, settings));
        }
    }

    private Lane lane(String type) {
        return lanes.computeIfAbsent(type, t -> new Lane(t, TypeSettings.unconfigured(t, settings), host));
    }

    // ---- AgentEngine ----------------------------------------------------------------------------

    @Override
    public List<AgentInfo> agents() {
        return lanes.values().stream().filter(Lane::listed).map(Lane::info)
                .sorted(Comparator.comparing(AgentInfo::type)).toList();
    }

    @Override
    public JobView submit(String agentType, String inputJwe, Map<String, Object> replyTo) throws JobRefusedException {
        Lane lane = agentType == null ? null : lanes.get(agentType);
        if (lane == null || !lane.listed() || closed) {
            throw new JobRefusedException(JobRefusedException.Reason.UNKNOWN_AGENT_TYPE, "no agent type '"
                    + (agentType != null && TypeSettings.TYPE.matcher(agentType).matches() ? agentType : "?") + "'");
        }
        checkInput(inputJwe);
        if (replyTo == null || !Jwe.isSealable(replyTo)) {
            throw new JobRefusedException(JobRefusedException.Reason.INVALID_REPLY_KEY,
                    "reply_to must be a public EC (P-256, P-384, P-521) or RSA (>= 2048 bits) JWK");
        }
        if (!runtime.acceptsData()) {
            lane.refused();
            RuntimeState state = runtime.status().state();
            throw new JobRefusedException(JobRefusedException.Reason.NOT_READY, "the runtime is " + state
                    + " and does not accept data", state == RuntimeState.LOCKDOWN ? 0 : settings.retryAfterSeconds(),
                    state == RuntimeState.LOCKDOWN);
        }
        Job job = new Job(newId(), agentType, inputJwe, new LinkedHashMap<>(replyTo), clock.instant());
        try {
            store.admit(job, settings.retryAfterSeconds());
        } catch (JobRefusedException e) {
            lane.refused();
            throw e;
        }
        // The view as accepted: a worker may start the job before this method returns.
        JobView accepted = job.view();
        try {
            lane.offer(job, settings.retryAfterSeconds());
        } catch (JobRefusedException e) {
            store.remove(job);
            throw e;
        }
        return accepted;
    }

    private void checkInput(String jwe) throws JobRefusedException {
        if (jwe == null || jwe.isEmpty() || jwe.length() > settings.inputMaxChars()) {
            throw new JobRefusedException(JobRefusedException.Reason.INVALID_INPUT,
                    "input must be a compact JWE of at most " + settings.inputMaxChars() + " characters");
        }
        // RFC 7516 §7.1: five base64url parts; with ECDH-ES+A256KW none of them is empty.
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < jwe.length(); i++) {
            char c = jwe.charAt(i);
            if (c == '.') {
                if (partLength == 0) {
                    break;
                }
                dots++;
                partLength = 0;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_') {
                partLength++;
            } else {
                dots = -1;
                break;
            }
        }
        if (dots != 4 || partLength == 0) {
            throw new JobRefusedException(JobRefusedException.Reason.INVALID_INPUT,
                    "input is not a JWE compact serialization (five non-empty base64url parts)");
        }
    }

    @Override
    public Optional<JobView> job(String id) {
        return id == null ? Optional.empty() : store.get(id).map(Job::view);
    }

    @Override
    public List<JobView> jobs() {
        return store.all().stream().map(Job::view).toList();
    }

    @Override
    public List<ModelInfo> models() {
        return models.list();
    }

    @Override
    public long networkIsolationBreaches() {
        return breaches.get();
    }

    // ---- runtime and breaches -------------------------------------------------------------------

    /**
     * The runtime changed state. Leaving READY for DEGRADED or LOCKDOWN stops data processing at
     * once: all sessions end. ATTESTING (a routine re-attestation) does not: starting jobs wait.
     */
    public void runtimeChanged(RuntimeStatus previous, RuntimeStatus current) {
        readiness.changed();
        RuntimeState s = current.state();
        if (s == RuntimeState.DEGRADED || s == RuntimeState.LOCKDOWN) {
            String code = s == RuntimeState.LOCKDOWN ? "RUNTIME_LOCKDOWN" : "RUNTIME_NOT_READY";
            String message = "the runtime entered " + s + ": data processing stopped";
            endAllSessions(job -> new String[] {code, message});
        }
    }

    private void breach(JobContext session, String destination, EgressDeniedException.Reason reason) {
        long n = breaches.incrementAndGet();
        Map<String, String> d = new TreeMap<>();
        d.put("agent_type", session.agentType());
        d.put("job", session.jobId());
        d.put("reason", reason.name());
        d.put("breaches", Long.toString(n));
        d.put("action", settings.breachAction().name());
        audit.emit("egress.breach", destination, AuditEvent.DENIED, d);
        LOG.warn("NETWORK ISOLATION BREACH #{}: job {} of agent type {} tried to reach {} ({}); ending all sessions, "
                + "action {}", n, session.jobId(), session.agentType(), destination, reason, settings.breachAction());
        String offender = session.jobId();
        endAllSessions(job -> job.id().equals(offender)
                ? new String[] {"NETWORK_ISOLATION_BREACH", "the job tried to reach " + destination
                        + ", outside the egress allowlist of agent type " + session.agentType()}
                : new String[] {"SESSION_TERMINATED", "a network isolation breach by another job ended all sessions"});
        session.end();
        switch (settings.breachAction()) {
            case REATTEST -> async("reattest", runtime::reattest);
            case LOCKDOWN -> async("lockdown", () -> runtime.lockdown("network isolation breach: agent type "
                    + session.agentType() + " tried to reach " + destination));
            default -> {
            }
        }
    }

    private void async(String what, Runnable action) {
        Thread t = new Thread(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("breach action {} failed with {}", what, e.getClass().getName());
            }
        }, "ccl-agents-breach-" + what);
        t.setDaemon(true);
        t.start();
    }

    /** Fails every queued and running job of every type; see the class comment. */
    void endAllSessions(java.util.function.Function<Job, String[]> reason) {
        for (Lane lane : lanes.values()) {
            lane.cancelAll(reason);
        }
    }

    /** Bookkeeping of a job that reached a terminal state (called exactly once per job). */
    void ended(Job job) {
        store.ended(job);
        Lane lane = lanes.get(job.type());
        JobView v = job.view();
        if (lane != null) {
            lane.count(v.status());
        }
        boolean ok = v.status() == JobStatus.COMPLETED;
        audit.emit(ok ? "job.complete" : "job.fail", job.id(), ok ? AuditEvent.OK : AuditEvent.FAILED,
                job.auditDetails()).ifPresent(job::receipt);
    }

    @Override
    public void close() {
        closed = true;
        lanes.values().forEach(Lane::close);
        scheduler.shutdownNow();
    }

    // ---- for JobExecution and tests -------------------------------------------------------------

    ConfidentialRuntime runtime() {
        return runtime;
    }

    EngineSettings settings() {
        return settings;
    }

    Readiness readiness() {
        return readiness;
    }

    ModelStore modelStore() {
        return models;
    }

    HttpClient httpClient() {
        return http;
    }

    JobContext.Events contextEvents() {
        return contextEvents;
    }

    Instant now() {
        return clock.instant();
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Live worker threads of a type (tests). */
    int workers(String type) {
        Lane lane = lanes.get(type);
        return lane == null ? 0 : lane.workerCount();
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private final class Host implements Lane.Host {
        @Override
        public void execute(Lane lane, Lane.Run run, AgentType agent, TypeSettings s) {
            execution.execute(lane, run, agent, s);
        }

        @Override
        public void ended(Job job) {
            Engine.this.ended(job);
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
            return Engine.this.schedule(task, delay);
        }

        @Override
        public Duration removalGrace() {
            return settings.removalGrace();
        }
    }

    private final class ContextEvents implements JobContext.Events {
        @Override
        public void breach(JobContext session, String destination, EgressDeniedException.Reason reason) {
            Engine.this.breach(session, destination, reason);
        }

        @Override
        public void denied(JobContext session, String target, String reason) {
            Map<String, String> d = new TreeMap<>();
            d.put("agent_type", session.agentType());
            d.put("job", session.jobId());
            d.put("reason", reason);
            audit.emit("capability.denied", target, AuditEvent.DENIED, d);
        }
    }
}
