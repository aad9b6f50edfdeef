package io.ccl.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.AppraisalPolicy;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code ccl:policy show} prints the appraisal policy in force; {@code ccl:policy reload} makes the
 * policy component re-read its file by changing its {@code reload.token} through ConfigAdmin.
 */
@Component(service = PolicyCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=policy"})
public final class PolicyCommand {
    static final String POLICY_PID = "io.ccl.attestation.policy";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AppraisalPolicy policy;

    @Reference
    private ConfigurationAdmin configAdmin;

    public String policy(String action) throws IOException {
        return switch (action) {
            case "show" -> show();
            case "reload" -> reload();
            default -> "usage: ccl:policy show|reload";
        };
    }

    private String show() throws JsonProcessingException {
        AppraisalPolicy p = policy;
        if (p == null) {
            return "no appraisal policy is active: every attestation is denied";
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p.describe());
    }

    private String reload() throws IOException {
        Configuration c = configAdmin.getConfiguration(POLICY_PID, "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        props.put("reload.token", Long.toString(System.nanoTime()));
        c.updateIfDifferent(props);
        return "reload requested for " + POLICY_PID;
    }
}
