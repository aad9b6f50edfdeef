package io.ccl.shell;

import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.LockdownScope;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:lockdown [SCOPE] --reason TEXT} declares a lockdown (TEE compromise: secrets released
 * to runtimes in scope are revoked, and they are refused until {@code ccl:recover});
 * {@code ccl:lockdown list} shows the active ones. SCOPE is {@code *} (default: every runtime) or
 * {@code claim=value}, e.g. {@code measurement=<hex>} or {@code runtime=<key thumbprint>}.
 */
@Component(service = LockdownCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=lockdown"})
public final class LockdownCommand {
    static final String SYNOPSIS = "ccl:lockdown [SCOPE] --reason TEXT | ccl:lockdown list";

    private final KeyManagement management;

    @Activate
    public LockdownCommand(@Reference KeyManagement management) {
        this.management = management;
    }

    public String lockdown(String... args) {
        if (args.length == 1 && args[0].equals("list")) {
            return KeyText.lockdowns(management.lockdowns());
        }
        LockdownScope scope;
        String reason;
        try {
            CommandLine cl = CommandLine.parse(args, Set.of("--reason"));
            if (cl.positional().size() > 1 || cl.option("--reason").isEmpty()) {
                return KeyText.usage(SYNOPSIS);
            }
            scope = cl.positional().isEmpty() ? LockdownScope.all() : LockdownScope.parse(cl.positional().get(0));
            reason = cl.option("--reason").get();
        } catch (IllegalArgumentException e) {
            return KeyText.usage(SYNOPSIS + " (" + e.getMessage() + ")");
        }
        try {
            return "LOCKDOWN declared\n" + KeyText.lockdown(management.lockdown(KeyText.actor(), scope, reason));
        } catch (KeyStorageException e) {
            return KeyText.error(e);
        } catch (IllegalArgumentException e) {
            return KeyText.error("INVALID_ARGUMENT", e.getMessage());
        }
    }
}
