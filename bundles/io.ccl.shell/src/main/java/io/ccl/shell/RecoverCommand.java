package io.ccl.shell;

import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:recover [SCOPE]}: ends the lockdowns of exactly this scope (default {@code *}).
 * Runtimes must attest afresh, and revoked secrets need new versions before anything is released.
 */
@Component(service = RecoverCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=recover"})
public final class RecoverCommand {
    static final String SYNOPSIS = "ccl:recover [SCOPE]";

    private final KeyManagement management;

    @Activate
    public RecoverCommand(@Reference KeyManagement management) {
        this.management = management;
    }

    public String recover() {
        return recover("*");
    }

    public String recover(String scopeText) {
        LockdownScope scope;
        try {
            scope = LockdownScope.parse(scopeText);
        } catch (IllegalArgumentException e) {
            return KeyText.usage(SYNOPSIS + " (" + e.getMessage() + ")");
        }
        List<Lockdown> ended = management.recover(KeyText.actor(), scope);
        if (ended.isEmpty()) {
            return KeyText.error("NOT_FOUND", "no lockdown has the scope '" + scope + "'");
        }
        return "recovered " + ended.size() + " lockdown(s) of scope " + scope
                + "; runtimes must attest again and revoked secrets need new versions";
    }
}
