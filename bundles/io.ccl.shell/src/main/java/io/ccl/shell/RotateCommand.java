package io.ccl.shell;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ccl:rotate NAME}: a new active key version; the previous one becomes decrypt-only. */
@Component(service = RotateCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=rotate"})
public final class RotateCommand {
    private final KeyManagement management;

    @Activate
    public RotateCommand(@Reference KeyManagement management) {
        this.management = management;
    }

    public String rotate(String name) {
        try {
            KeyInfo k = management.rotateKey(KeyText.actor(), name);
            return "rotated " + k.name() + ": version " + k.latestVersion() + " is active\n" + KeyText.key(k);
        } catch (KeyStorageException e) {
            return KeyText.error(e);
        } catch (IllegalArgumentException e) {
            return KeyText.error("INVALID_ARGUMENT", e.getMessage());
        }
    }
}
