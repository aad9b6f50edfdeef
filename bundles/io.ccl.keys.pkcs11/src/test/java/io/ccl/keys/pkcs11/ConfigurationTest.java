package io.ccl.keys.pkcs11;

import static io.ccl.keys.pkcs11.Pkcs11KeysTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.pkcs11.token.PinSource;
import io.ccl.keys.pkcs11.token.Pkcs11Settings;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Configuration: PIN sources, refusal of PINs in clear, token selection and its failures. */
class ConfigurationTest {
    @Test
    void refusesAConfigurationThatCarriesAPin() {
        for (String key : new String[] {"pin", "user.pin", ".pin", "token.PIN", "password", "so.pin", "pin.value.pin"}) {
            Map<String, Object> properties = new HashMap<>(Map.of("library", "/x.so", "pin.env", "X"));
            properties.put(key, "1234");
            KeyStorageException e = assertThrows(KeyStorageException.class, () -> settings(properties, "/x.so", "t", -1, "", "X"));
            assertEquals(Reason.INVALID_ARGUMENT, e.reason(), key);
            assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("1234"), "the message never repeats the value");
        }
    }

    @Test
    void needsALibraryOneTokenSelectorAndOnePinSource() throws Exception {
        Map<String, Object> ok = Map.of("pin.file", "/run/pin", "pin.env", "");
        Pkcs11Settings settings = settings(ok, "/usr/lib/x.so", "tok", -1, "/run/pin", "");
        assertEquals(Optional.of("tok"), settings.tokenLabel());
        assertEquals("PIN file /run/pin", settings.pin().describe());
        assertEquals(OptionalInt.of(2), settings(ok, "/usr/lib/x.so", "", 2, "", "PIN_VAR").slotIndex());
        assertReason(Reason.INVALID_ARGUMENT, () -> settings(ok, "", "tok", -1, "/run/pin", ""));
        assertReason(Reason.INVALID_ARGUMENT, () -> settings(ok, null, "tok", -1, "/run/pin", ""));
        assertReason(Reason.INVALID_ARGUMENT, () -> settings(ok, "/x.so", "tok", -1, "/run/pin", "PIN_VAR"));
        assertReason(Reason.INVALID_ARGUMENT, () -> settings(ok, "/x.so", "tok", -1, "", ""));
        assertReason(Reason.INVALID_ARGUMENT, () -> settings(ok, "/x.so", "tok", 0, "/run/pin", ""));
        assertReason(Reason.INVALID_ARGUMENT, () -> settings(ok, "/x.so", "", -1, "/run/pin", ""));
        assertReason(Reason.INVALID_ARGUMENT, () -> Pkcs11Settings.fromConfiguration(ok, "/x.so", "tok", -1, "/p", "", "Bad:NS", 4));
        assertReason(Reason.INVALID_ARGUMENT, () -> Pkcs11Settings.fromConfiguration(ok, "/x.so", "tok", -1, "/p", "", "ccl", 0));
    }

    @Test
    void activatesThroughDeclarativeServicesWithThePinFromTheEnvironment() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        Map<String, Object> values = new HashMap<>(Map.of("library", token.library().toString(), "token.label", SoftHsmToken.LABEL,
                "pin.env", SoftHsmToken.PIN_VARIABLE, "namespace", SoftHsmToken.freshNamespace()));
        try (Pkcs11KeyStorage store = new Pkcs11KeyStorage(config(values), values)) {
            assertEquals("pkcs11", store.kind());
            store.createKey("ds", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT));
            assertFalse(store.toString().contains(SoftHsmToken.PIN));
        }
        values.put("user.pin", SoftHsmToken.PIN);
        KeyStorageException refused = assertThrows(KeyStorageException.class, () -> new Pkcs11KeyStorage(config(values), values));
        assertEquals(Reason.INVALID_ARGUMENT, refused.reason());
    }

    @Test
    void openingFailsClosedWithoutLeakingThePin() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        String wrongPin = "wrong-pin-4711";
        KeyStorageException wrong = assertThrows(KeyStorageException.class, () -> new Pkcs11KeyStorage(
                Pkcs11Settings.byLabel(token.library(), SoftHsmToken.LABEL, PinSource.environment("ANY", name -> wrongPin)),
                Clock.systemUTC()));
        assertEquals(Reason.UNAVAILABLE, wrong.reason());
        assertTrue(wrong.getMessage().contains("CKR_PIN_INCORRECT"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(wrongPin));

        KeyStorageException unknown = assertThrows(KeyStorageException.class,
                () -> new Pkcs11KeyStorage(Pkcs11Settings.byLabel(token.library(), "no-such-token", PinSource.file(token.pinFile())),
                        Clock.systemUTC()));
        assertEquals(Reason.UNAVAILABLE, unknown.reason());
        assertTrue(unknown.getMessage().contains(SoftHsmToken.LABEL), "names the tokens present: " + unknown.getMessage());

        assertReason(Reason.UNAVAILABLE, () -> new Pkcs11KeyStorage(
                Pkcs11Settings.byLabel(Path.of("/nonexistent/libpkcs11.so"), SoftHsmToken.LABEL, PinSource.file(token.pinFile())),
                Clock.systemUTC()));
        assertReason(Reason.UNAVAILABLE, () -> new Pkcs11KeyStorage(
                Pkcs11Settings.byLabel(token.library(), SoftHsmToken.LABEL, PinSource.file(Path.of("/nonexistent/pin"))),
                Clock.systemUTC()));
        assertReason(Reason.UNAVAILABLE, () -> new Pkcs11KeyStorage(
                Pkcs11Settings.byLabel(token.library(), SoftHsmToken.LABEL, PinSource.environment("CCL_TEST_UNSET_VARIABLE_X")),
                Clock.systemUTC()));
        try (Pkcs11KeyStorage stillWorks = token.newStore()) {
            assertTrue(stillWorks.listKeys().isEmpty(), "failed opens leave the library usable");
        }
    }

    @Test
    void selectsATokenBySlotIndex() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        // SoftHSM lists the initialised token and one free slot, whose token is not initialised.
        int opened = 0;
        for (int index = 0; index < 2; index++) {
            Pkcs11Settings settings = new Pkcs11Settings(token.library(), Optional.empty(), OptionalInt.of(index),
                    PinSource.file(token.pinFile()), SoftHsmToken.freshNamespace(), 2);
            try (Pkcs11KeyStorage store = new Pkcs11KeyStorage(settings, Clock.systemUTC())) {
                assertTrue(store.toString().contains(SoftHsmToken.LABEL));
                opened++;
            } catch (KeyStorageException e) {
                assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
            }
        }
        assertEquals(1, opened);
        assertReason(Reason.UNAVAILABLE, () -> new Pkcs11KeyStorage(new Pkcs11Settings(token.library(), Optional.empty(),
                OptionalInt.of(99), PinSource.file(token.pinFile()), "ccl", 1), Clock.systemUTC()));
    }

    private static Pkcs11Settings settings(Map<String, Object> properties, String library, String label, int slot, String pinFile,
            String pinEnv) throws KeyStorageException {
        return Pkcs11Settings.fromConfiguration(properties, library, label, slot, pinFile, pinEnv, "ccl", 4);
    }

    /** The DS component property type over a property map, with the annotation's defaults. */
    private static Pkcs11KeyStorage.Config config(Map<String, Object> values) {
        return (Pkcs11KeyStorage.Config) Proxy.newProxyInstance(Pkcs11KeyStorage.Config.class.getClassLoader(),
                new Class<?>[] {Pkcs11KeyStorage.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return Pkcs11KeyStorage.Config.class;
                    }
                    Object value = values.get(method.getName().replace('_', '.'));
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
