package io.ccl.keys.pkcs11.token;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * One initialised PKCS#11 module per library path, shared by every store in this JVM.
 * {@code C_Initialize} and {@code C_Finalize} act on the whole process (PKCS#11 v3.0 §5.4): two
 * stores on one library must share the initialisation, and the last one to close finalises it.
 */
final class ModuleRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRegistry.class);
    private static final Map<Path, Entry> MODULES = new HashMap<>();

    private ModuleRegistry() {
    }

    private static final class Entry {
        final PKCS11Module module;
        int users;

        Entry(PKCS11Module module) {
            this.module = module;
        }
    }

    static synchronized PKCS11Module acquire(Path library) throws KeyStorageException {
        Path path = library.toAbsolutePath().normalize();
        Entry entry = MODULES.get(path);
        if (entry == null) {
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "PKCS#11 library " + path + " does not exist or is not readable");
            }
            WrapperLogger.install();
            PKCS11Module module;
            try {
                module = PKCS11Module.getInstance(path.toString());
            } catch (IOException | UnsatisfiedLinkError e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "cannot load PKCS#11 library " + path + ": " + e.getMessage());
            }
            try {
                module.initialize();
            } catch (PKCS11Exception e) {
                // Another class loader (a previous incarnation of this bundle) may have initialised
                // the library in this process: its state is usable.
                if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                    throw Pkcs11Errors.map(e, "C_Initialize of " + path);
                }
                LOG.info("PKCS#11 library {} was already initialised in this process", path);
            }
            entry = new Entry(module);
            MODULES.put(path, entry);
        }
        entry.users++;
        return entry.module;
    }

    static synchronized void release(PKCS11Module module) {
        for (Map.Entry<Path, Entry> e : MODULES.entrySet()) {
            if (e.getValue().module == module) {
                if (--e.getValue().users == 0) {
                    MODULES.remove(e.getKey());
                    try {
                        module.finalize(null);
                    } catch (PKCS11Exception ex) {
                        LOG.warn("C_Finalize of {} failed: {}", e.getKey(), Pkcs11Errors.name(ex.getErrorCode()));
                    }
                }
                return;
            }
        }
    }
}
