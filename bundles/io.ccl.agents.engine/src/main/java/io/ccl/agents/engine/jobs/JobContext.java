package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.AgentContext;
import io.ccl.agents.api.AgentModel;
import io.ccl.agents.api.CapabilityDeniedException;
import io.ccl.agents.api.EgressClient;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.api.ModelInfo;
import io.ccl.agents.api.ModelRefusedException;
import io.ccl.agents.api.RuntimeFacts;
import io.ccl.agents.engine.egress.AllowlistedClient;
import io.ccl.agents.engine.egress.EgressSession;
import io.ccl.agents.engine.model.ModelStore;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.runtime.api.ConfidentialRuntime;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capabilities of one run of one job. Grants are checked first, before the runtime, the model
 * store or the network is touched. Secrets are handed out as copies and models as engine-owned
 * buffers; {@link #end()} destroys and wipes them all and revokes every capability (later calls
 * get SESSION_ENDED). Ended by the run's end, a timeout, a breach or the runtime leaving READY.
 */
final class JobContext implements AgentContext, EgressSession {
    /** What the context reports back to the engine. */
    interface Events {
        void breach(JobContext session, String destination, EgressDeniedException.Reason reason);

        void denied(JobContext session, String target, String reason);
    }

    private final String jobId;
    private final String type;
    private final TypeSettings settings;
    private final ConfidentialRuntime runtime;
    private final Readiness readiness;
    private final ModelStore models;
    private final RuntimeFacts facts;
    private final Events events;
    private final EgressClient http;
    private final List<SecretBytes> secrets = new ArrayList<>();
    private final List<byte[]> buffers = new ArrayList<>();
    private final Map<String, AgentModel> loaded = new LinkedHashMap<>();
    private volatile boolean ended;

    JobContext(String jobId, TypeSettings settings, ConfidentialRuntime runtime, Readiness readiness,
            ModelStore models, HttpClient client, Duration requestTimeout, RuntimeFacts facts, Events events) {
        this.jobId = jobId;
        this.type = settings.type();
        this.settings = settings;
        this.runtime = runtime;
        this.readiness = readiness;
        this.models = models;
        this.facts = facts;
        this.events = events;
        this.http = new AllowlistedClient(client, settings.egress(), requestTimeout, this);
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String agentType() {
        return type;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public void breach(String destination, EgressDeniedException.Reason reason) {
        events.breach(this, destination, reason);
    }

    @Override
    public SecretBytes secret(ResourcePath path) throws CapabilityDeniedException {
        requireOpen();
        if (path == null || !settings.secrets().contains(path)) {
            events.denied(this, String.valueOf(path), CapabilityDeniedException.Reason.SECRET_NOT_GRANTED.name());
            throw new CapabilityDeniedException(CapabilityDeniedException.Reason.SECRET_NOT_GRANTED,
                    "secret " + path + " is not granted to agent type " + type);
        }
        if (!ready()) {
            throw unavailable(path);
        }
        Optional<SecretBytes> held = runtime.secret(path);
        if (held.isEmpty()) {
            throw unavailable(path);
        }
        byte[] raw;
        try {
            raw = held.get().reveal(InsecureSecretAccess.get());
        } catch (IllegalStateException e) {
            throw unavailable(path);
        }
        try {
            SecretBytes copy = SecretBytes.copyOf(raw, InsecureSecretAccess.get());
            synchronized (this) {
                if (ended) {
                    copy.destroy();
                    throw sessionEnded();
                }
                secrets.add(copy);
            }
            return copy;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public EgressClient http() {
        return http;
    }

    @Override
    public AgentModel model(String name) throws CapabilityDeniedException, ModelRefusedException {
        requireOpen();
        if (name == null || !settings.models().containsKey(name)) {
            events.denied(this, String.valueOf(name), CapabilityDeniedException.Reason.MODEL_NOT_GRANTED.name());
            throw new CapabilityDeniedException(CapabilityDeniedException.Reason.MODEL_NOT_GRANTED,
                    "model '" + name + "' is not granted to agent type " + type);
        }
        synchronized (this) {
            AgentModel m = loaded.get(name);
            if (m != null) {
                return m;
            }
        }
        if (!ready()) {
            throw new ModelRefusedException(ModelRefusedException.Reason.KEY_UNAVAILABLE,
                    "the runtime does not accept data now: model keys are not available");
        }
        ModelStore.Loaded l = models.load(name, settings.models().get(name).orElse(null));
        AgentModel m = new AgentModel(name, l.sha256(), ByteBuffer.wrap(l.plaintext()));
        synchronized (this) {
            if (ended) {
                Arrays.fill(l.plaintext(), (byte) 0);
                throw sessionEnded();
            }
            buffers.add(l.plaintext());
            loaded.put(name, m);
        }
        return m;
    }

    @Override
    public RuntimeFacts runtime() {
        return facts;
    }

    /** Models loaded so far (name and digest). */
    synchronized List<ModelInfo> modelsUsed() {
        return loaded.values().stream().map(m -> new ModelInfo(m.name(), m.sha256())).toList();
    }

    /** Revokes every capability; destroys secret copies and wipes model buffers. Idempotent. */
    synchronized void end() {
        ended = true;
        secrets.forEach(SecretBytes::destroy);
        secrets.clear();
        buffers.forEach(b -> Arrays.fill(b, (byte) 0));
        buffers.clear();
    }

    private boolean ready() throws CapabilityDeniedException {
        try {
            return readiness.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw sessionEnded();
        }
    }

    private void requireOpen() throws CapabilityDeniedException {
        if (ended) {
            throw sessionEnded();
        }
    }

    private CapabilityDeniedException sessionEnded() {
        return new CapabilityDeniedException(CapabilityDeniedException.Reason.SESSION_ENDED,
                "the session of job " + jobId + " has ended");
    }

    private static CapabilityDeniedException unavailable(ResourcePath path) {
        return new CapabilityDeniedException(CapabilityDeniedException.Reason.SECRET_UNAVAILABLE,
                "the runtime does not hold secret " + path + " now (not provisioned or not READY)");
    }

    @Override
    public String toString() {
        return "JobContext[" + jobId + ", " + type + "]";
    }
}
