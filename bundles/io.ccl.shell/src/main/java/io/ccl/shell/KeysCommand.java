package io.ccl.shell;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.ResourcePath;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code ccl:keys}: keys (names, versions, states) and secret names of every key store; never material. */
@Component(service = KeysCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=keys"})
public final class KeysCommand {
    private final List<KeyStorage> stores = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(KeyStorage s) {
        stores.add(s);
    }

    void removeStore(KeyStorage s) {
        stores.remove(s);
    }

    public String keys() {
        if (stores.isEmpty()) {
            return "no key store is active";
        }
        StringBuilder b = new StringBuilder("store\tkind\tname\tdetail\n");
        for (KeyStorage s : stores) {
            try {
                for (KeyInfo k : s.listKeys()) {
                    String versions = k.versions().stream().map(KeysCommand::version).collect(Collectors.joining(","));
                    b.append(s.kind()).append("\tkey\t").append(k.name()).append('\t').append(k.algorithm())
                            .append(' ').append(versions).append('\n');
                }
                for (ResourcePath p : s.listSecrets()) {
                    b.append(s.kind()).append("\tsecret\t").append(p).append("\t-\n");
                }
            } catch (KeyStorageException e) {
                b.append(s.kind()).append("\terror\t-\t").append(e.reason()).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    private static String version(KeyVersion v) {
        return "v" + v.version() + ":" + v.state().name().toLowerCase(java.util.Locale.ROOT);
    }
}
