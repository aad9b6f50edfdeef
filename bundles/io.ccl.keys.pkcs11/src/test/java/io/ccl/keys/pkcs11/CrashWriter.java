package io.ccl.keys.pkcs11;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.pkcs11.token.PinSource;
import io.ccl.keys.pkcs11.token.Pkcs11Settings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * Child process of {@link CrashKillTest}: changes keys and secrets in a loop and prints a line
 * before ("...ING") and after ("...ED") each change, until it is killed.
 */
public final class CrashWriter {
    static final String KEY = "k";
    static final ResourcePath PATH = new ResourcePath("crash", "kill", "secret");

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Pkcs11Settings settings = Pkcs11Settings.byLabel(Path.of(args[1]), args[2], PinSource.environment(SoftHsmToken.PIN_VARIABLE))
                .withNamespace(args[0]);
        SecureRandom random = new SecureRandom();
        Pkcs11KeyStorage store = new Pkcs11KeyStorage(settings, Clock.systemUTC());
        if (store.keyInfo(KEY).isEmpty()) {
            store.createKey(KEY, KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        }
        say("READY");
        while (true) {
            say("ROTATING");
            KeyInfo info = store.rotateKey(KEY);
            say("ROTATED " + info.latestVersion());
            if (info.latestVersion() > 2 && info.versions().get(info.latestVersion() - 3).state() != KeyVersionState.REVOKED) {
                int old = info.latestVersion() - 2;
                say("REVOKING " + old);
                store.setVersionState(KEY, old, KeyVersionState.REVOKED);
                say("REVOKED " + old);
            }
            byte[] value = new byte[24];
            random.nextBytes(value);
            say("PUTTING " + HexFormat.of().formatHex(value));
            int version = store.putSecret(PATH, SecretBytes.copyOf(value, InsecureSecretAccess.get()), OptionalInt.empty());
            say("PUT " + version + " " + HexFormat.of().formatHex(value));
            if (version > 1 && version % 2 == 0) {
                say("DESTROYING " + (version - 1));
                store.destroySecretVersion(PATH, version - 1);
                say("DESTROYED " + (version - 1));
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
