package io.ccl.agents.voice;

import io.ccl.agents.api.AgentContext;
import io.ccl.agents.api.AgentModel;
import io.ccl.agents.api.CapabilityDeniedException;
import io.ccl.agents.api.EgressClient;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.api.ModelRefusedException;
import io.ccl.agents.api.RuntimeFacts;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An AgentContext for unit tests: granted secrets and models in maps, no network unless given. */
final class StubContext implements AgentContext {
    static final ResourcePath DEPLOYMENT_KEY = ResourcePath.parse("default/voice/deployment-key");
    final Map<ResourcePath, byte[]> secrets = new HashMap<>();
    final Map<String, AgentModel> models = new HashMap<>();
    RuntimeFacts facts = new RuntimeFacts("simulation", true, true, false);
    EgressClient http = new EgressClient() {
        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws EgressDeniedException {
            throw new EgressDeniedException(EgressDeniedException.Reason.HOST_NOT_ALLOWED, "stub", "no network in unit tests");
        }

        @Override
        public boolean allows(URI uri) {
            return false;
        }
    };

    StubContext() {
        secrets.put(DEPLOYMENT_KEY, "a per-deployment key of 32 bytes".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String jobId() {
        return "job-1";
    }

    @Override
    public String agentType() {
        return "sara";
    }

    @Override
    public SecretBytes secret(ResourcePath path) throws CapabilityDeniedException {
        byte[] v = secrets.get(path);
        if (v == null) {
            throw new CapabilityDeniedException(CapabilityDeniedException.Reason.SECRET_NOT_GRANTED, "not granted");
        }
        return SecretBytes.copyOf(v, InsecureSecretAccess.get());
    }

    @Override
    public EgressClient http() {
        return http;
    }

    @Override
    public AgentModel model(String name) throws CapabilityDeniedException, ModelRefusedException {
        AgentModel m = models.get(name);
        if (m == null) {
            throw new CapabilityDeniedException(CapabilityDeniedException.Reason.MODEL_NOT_GRANTED, "not granted");
        }
        return m;
    }

    @Override
    public RuntimeFacts runtime() {
        return facts;
    }

    static AgentModel model(String name, String text) {
        return new AgentModel(name, "ab".repeat(32), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
