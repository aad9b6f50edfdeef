package io.ccl.agents.voice;

import io.ccl.agents.api.AgentType;
import io.ccl.agents.voice.analysis.VoiceAgent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** The FRANCO voice agent ({@code ccl.agent.type=franco}), PID {@code io.ccl.agents.voice.franco}. */
@Component(service = AgentType.class, property = AgentType.PROPERTY + "=franco",
        configurationPid = FrancoAgent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VoiceConfig.class)
public final class FrancoAgent extends VoiceAgentType {
    /** The configuration PID. */
    public static final String PID = "io.ccl.agents.voice.franco";
    /** The built-in role text. */
    public static final String ROLE = "Exceptions and claims: delays, damages, billing disputes";

    @Activate
    public FrancoAgent(VoiceConfig config) {
        super(VoiceAgent.FRANCO, config, ROLE);
    }
}
