package io.ccl.shell;

import io.ccl.runtime.api.ConfidentialRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ccl:attest}: re-attests now and prints the resulting status. */
@Component(service = AttestCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=attest"})
public final class AttestCommand {
    private final ConfidentialRuntime runtime;

    @Activate
    public AttestCommand(@Reference ConfidentialRuntime runtime) {
        this.runtime = runtime;
    }

    public String attest() {
        return Describe.status(runtime.reattest(), runtime.acceptsData());
    }
}
