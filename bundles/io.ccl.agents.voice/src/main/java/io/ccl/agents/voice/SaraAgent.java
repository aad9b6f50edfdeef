package io.ccl.agents.voice;

import io.ccl.agents.api.AgentType;
import io.ccl.agents.voice.analysis.VoiceAgent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** The SARA voice agent ({@code ccl.agent.type=sara}), PID {@code io.ccl.agents.voice.sara}. */
@Component(service = AgentType.class, property = AgentType.PROPERTY + "=sara",
        configurationPid = SaraAgent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VoiceConfig.class)
public final class SaraAgent extends VoiceAgentType {
    /** The configuration PID. */
    public static final String PID = "io.ccl.agents.voice.sara";
    /** The built-in role text. */
    public static final String ROLE = "Inbound calls from shippers: bookings, quotes and shipment status";

    @Activate
    public SaraAgent(VoiceConfig config) {
        super(VoiceAgent.SARA, config, ROLE);
    }
}
