package io.ccl.shell;

import io.ccl.agents.api.AgentEngine;
import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.ModelInfo;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:agents [show TYPE]}: agent types with their state, pool and counters, the network
 * isolation breach counter and the models of the manifest; {@code show} adds one type's grants.
 */
@Component(service = AgentsCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=agents"})
public final class AgentsCommand {
    static final String SYNOPSIS = "ccl:agents [show TYPE]";

    private final AgentEngine engine;

    @Activate
    public AgentsCommand(@Reference AgentEngine engine) {
        this.engine = engine;
    }

    public String agents() {
        List<AgentInfo> agents = engine.agents();
        StringBuilder b = new StringBuilder();
        if (agents.isEmpty()) {
            b.append("no agent types\n");
        } else {
            Table t = new Table("TYPE", "STATE", "WORKERS", "QUEUE", "RUNNING", "QUEUED", "COMPLETED", "FAILED", "REFUSED");
            agents.forEach(a -> t.row(a.type(), a.state(), a.workers(), a.queueSize(), a.running(), a.queued(),
                    a.completed(), a.failed(), a.refused()));
            b.append(t).append('\n');
        }
        Describe.line(b, "network_isolation_breaches", Long.toString(engine.networkIsolationBreaches()));
        List<ModelInfo> models = engine.models();
        Describe.line(b, "models", models.isEmpty() ? "none"
                : String.join(", ", models.stream().map(m -> m.name() + " sha256:" + m.sha256()).toList()));
        return b.toString().stripTrailing();
    }

    public String agents(String action, String... args) {
        if (!action.equals("show") || args.length != 1) {
            return KeyText.usage(SYNOPSIS);
        }
        AgentInfo a = engine.agents().stream().filter(i -> i.type().equals(args[0])).findFirst().orElse(null);
        if (a == null) {
            return KeyText.error("NOT_FOUND", "no agent type '" + args[0] + "'");
        }
        StringBuilder b = new StringBuilder();
        Describe.line(b, "type", a.type());
        Describe.line(b, "state", a.state().name());
        Describe.line(b, "description", a.description().isEmpty() ? "-" : a.description());
        Describe.line(b, "workers", Integer.toString(a.workers()));
        Describe.line(b, "queue_size", Integer.toString(a.queueSize()));
        Describe.line(b, "running", Integer.toString(a.running()));
        Describe.line(b, "queued", Integer.toString(a.queued()));
        Describe.line(b, "completed", Long.toString(a.completed()));
        Describe.line(b, "failed", Long.toString(a.failed()));
        Describe.line(b, "refused", Long.toString(a.refused()));
        Describe.line(b, "secrets", list(a.grantedSecrets()));
        Describe.line(b, "egress_allow", list(a.egressAllow()));
        Describe.line(b, "models", list(a.models()));
        return b.toString().stripTrailing();
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }
}
