package io.ccl.shell;

import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ccl:status}: the runtime's state, one {@code key=value} per line. */
@Component(service = StatusCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=status"})
public final class StatusCommand {
    private final ConfidentialRuntime runtime;

    @Activate
    public StatusCommand(@Reference ConfidentialRuntime runtime) {
        this.runtime = runtime;
    }

    public String status() {
        return Describe.status(runtime.status(), runtime.acceptsData());
    }
}
