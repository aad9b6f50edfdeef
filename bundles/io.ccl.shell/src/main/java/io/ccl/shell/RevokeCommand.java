package io.ccl.shell;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException;
import java.util.OptionalInt;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:revoke NAME [VERSION] [--reason TEXT]}: revokes one version, or every version of the
 * key when none is named. Final: a revoked version is never usable again.
 */
@Component(service = RevokeCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=revoke"})
public final class RevokeCommand {
    static final String SYNOPSIS = "ccl:revoke NAME [VERSION] [--reason TEXT]";
    static final String DEFAULT_REASON = "unspecified";

    private final KeyManagement management;

    @Activate
    public RevokeCommand(@Reference KeyManagement management) {
        this.management = management;
    }

    public String revoke(String name, String... args) {
        OptionalInt version = OptionalInt.empty();
        String reason;
        try {
            CommandLine cl = CommandLine.parse(args, Set.of("--reason"));
            if (cl.positional().size() > 1) {
                return KeyText.usage(SYNOPSIS);
            }
            if (cl.positional().size() == 1) {
                if (!cl.positional().get(0).matches("[1-9][0-9]{0,8}")) {
                    return KeyText.error("INVALID_ARGUMENT", "VERSION must be a positive number");
                }
                version = OptionalInt.of(Integer.parseInt(cl.positional().get(0)));
            }
            reason = cl.option("--reason").orElse(DEFAULT_REASON);
        } catch (IllegalArgumentException e) {
            return KeyText.usage(SYNOPSIS + " (" + e.getMessage() + ")");
        }
        try {
            KeyInfo k = management.revokeKey(KeyText.actor(), name, version, reason);
            String what = version.isPresent() ? "version " + version.getAsInt() : "every version";
            return "revoked " + what + " of " + k.name() + "\n" + KeyText.key(k);
        } catch (KeyStorageException e) {
            return KeyText.error(e);
        } catch (IllegalArgumentException e) {
            return KeyText.error("INVALID_ARGUMENT", e.getMessage());
        }
    }
}
