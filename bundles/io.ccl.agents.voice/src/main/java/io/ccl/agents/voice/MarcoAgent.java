package io.ccl.agents.voice;

import io.ccl.agents.api.AgentType;
import io.ccl.agents.voice.analysis.VoiceAgent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** The MARCO voice agent ({@code ccl.agent.type=marco}), PID {@code io.ccl.agents.voice.marco}. */
@Component(service = AgentType.class, property = AgentType.PROPERTY + "=marco",
        configurationPid = MarcoAgent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VoiceConfig.class)
public final class MarcoAgent extends VoiceAgentType {
    /** The configuration PID. */
    public static final String PID = "io.ccl.agents.voice.marco";
    /** The built-in role text. */
    public static final String ROLE = "Carrier dispatch: capacity, pickups and driver check-calls";

    @Activate
    public MarcoAgent(VoiceConfig config) {
        super(VoiceAgent.MARCO, config, ROLE);
    }
}
