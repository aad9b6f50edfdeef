package io.ccl.shell;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.ResourcePath;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code ccl:keys [list | show NAME | create NAME ALGORITHM PURPOSE...]}: keys through
 * {@link KeyManagement}; never material. Without a key management service, {@code list} falls back
 * to what every {@link KeyStorage} holds (keys and secret names), read-only.
 */
@Component(service = KeysCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=keys"})
public final class KeysCommand {
    static final String SYNOPSIS = "ccl:keys [list | show NAME | create NAME AES_256_GCM|EC_P256|EC_P384 PURPOSE...]";

    private final List<KeyStorage> stores = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile KeyManagement management;

    /** For tests and embedding; DS uses the field. */
    KeysCommand withManagement(KeyManagement km) {
        this.management = km;
        return this;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(KeyStorage s) {
        stores.add(s);
    }

    void removeStore(KeyStorage s) {
        stores.remove(s);
    }

    public String keys() {
        return keys("list");
    }

    public String keys(String action, String... args) {
        KeyManagement km = management;
        if (km == null) {
            return action.equals("list") && args.length == 0 ? storeListing()
                    : KeyText.error("UNAVAILABLE", "no key management service is running");
        }
        try {
            return switch (action) {
                case "list" -> args.length == 0 ? list(km) : KeyText.usage(SYNOPSIS);
                case "show" -> args.length == 1 ? km.keyInfo(args[0]).map(KeyText::key)
                        .orElse(KeyText.error("NOT_FOUND", "no key '" + args[0] + "'")) : KeyText.usage(SYNOPSIS);
                case "create" -> args.length >= 3 ? create(km, args) : KeyText.usage(SYNOPSIS);
                default -> KeyText.usage(SYNOPSIS);
            };
        } catch (KeyStorageException e) {
            return KeyText.error(e);
        }
    }

    private static String list(KeyManagement km) throws KeyStorageException {
        List<KeyInfo> keys = km.listKeys();
        if (keys.isEmpty()) {
            return "store: " + km.storeKind() + "\nno keys";
        }
        Table t = new Table("NAME", "ALGORITHM", "PURPOSES", "LATEST", "VERSIONS");
        for (KeyInfo k : keys) {
            t.row(k.name(), k.algorithm(), KeyText.purposes(k), k.latestVersion(), KeyText.versions(k));
        }
        return "store: " + km.storeKind() + "\n" + t;
    }

    private static String create(KeyManagement km, String[] args) throws KeyStorageException {
        KeyAlgorithm algorithm;
        Set<KeyPurpose> purposes = EnumSet.noneOf(KeyPurpose.class);
        try {
            algorithm = KeyAlgorithm.valueOf(args[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return KeyText.error("INVALID_ARGUMENT", "algorithm must be one of " + Arrays.toString(KeyAlgorithm.values()));
        }
        for (String p : Arrays.asList(args).subList(2, args.length)) {
            for (String one : p.split(",")) {
                try {
                    purposes.add(KeyPurpose.valueOf(one.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    return KeyText.error("INVALID_ARGUMENT", "purpose must be one of " + Arrays.toString(KeyPurpose.values()));
                }
            }
        }
        return "created key " + args[0] + "\n" + KeyText.key(km.createKey(KeyText.actor(), args[0], algorithm, purposes));
    }

    /** What each key store holds, without key management: the listing this command always gave. */
    private String storeListing() {
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
        return "v" + v.version() + ":" + v.state().name().toLowerCase(Locale.ROOT);
    }
}
