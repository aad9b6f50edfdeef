package io.ccl.keys.pkcs11.token;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach the token: the PKCS#11 module, the token (by label, or by index in the list of
 * slots that hold a token), where the PIN comes from, the label namespace of this store's objects
 * and the session pool size.
 *
 * @param library absolute path of the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param tokenLabel the token label (CK_TOKEN_INFO.label, trailing blanks ignored)
 * @param slotIndex index into {@code C_GetSlotList(CK_TRUE)}, when no label is given
 * @param pin where the user PIN comes from
 * @param namespace prefix of every object label, {@code [a-z0-9-]{1,32}}
 * @param sessions the most sessions used at once, 1-64
 */
public record Pkcs11Settings(Path library, Optional<String> tokenLabel, OptionalInt slotIndex, PinSource pin,
        String namespace, int sessions) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9-]{1,32}");
    /** Last segments of property names that would carry a PIN or password in clear. */
    private static final Set<String> CLEAR_SECRET_NAMES =
            Set.of("pin", "userpin", "user_pin", "sopin", "so_pin", "password", "passphrase", "passwd");

    public Pkcs11Settings {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(slotIndex, "slotIndex");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(namespace, "namespace");
        if (tokenLabel.isPresent() == slotIndex.isPresent()) {
            throw new IllegalArgumentException("name the token by exactly one of token.label and slot.index");
        }
        if (tokenLabel.isPresent() && tokenLabel.get().isBlank()) {
            throw new IllegalArgumentException("token.label is blank");
        }
        if (slotIndex.isPresent() && slotIndex.getAsInt() < 0) {
            throw new IllegalArgumentException("slot.index must be >= 0");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be 1-32 of [a-z0-9-]");
        }
        if (sessions < 1 || sessions > 64) {
            throw new IllegalArgumentException("sessions must be 1-64");
        }
    }

    /**
     * The settings of a DS configuration.
     *
     * @param properties all configuration properties, checked for a PIN in clear: any property
     *     whose last dotted segment is {@code pin}, {@code password}, ... makes the whole
     *     configuration invalid (refused, not ignored)
     * @throws KeyStorageException {@code INVALID_ARGUMENT} when the configuration is incomplete,
     *     inconsistent or carries a PIN in clear
     */
    public static Pkcs11Settings fromConfiguration(Map<String, Object> properties, String library, String tokenLabel, int slotIndex,
            String pinFile, String pinEnv, String namespace, int sessions) throws KeyStorageException {
        for (String key : properties.keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (CLEAR_SECRET_NAMES.contains(lower.substring(lower.lastIndexOf('.') + 1))) {
                throw new KeyStorageException(Reason.INVALID_ARGUMENT, "configuration property '" + key
                        + "' would hold a PIN in clear; the configuration is refused: use pin.file or pin.env");
            }
        }
        if (library == null || library.isBlank()) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "library (the path of the PKCS#11 module) is not configured");
        }
        boolean file = pinFile != null && !pinFile.isBlank();
        boolean env = pinEnv != null && !pinEnv.isBlank();
        if (file == env) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "configure exactly one of pin.file and pin.env");
        }
        try {
            return new Pkcs11Settings(Path.of(library),
                    tokenLabel == null || tokenLabel.isBlank() ? Optional.empty() : Optional.of(tokenLabel),
                    slotIndex < 0 ? OptionalInt.empty() : OptionalInt.of(slotIndex),
                    file ? PinSource.file(Path.of(pinFile)) : PinSource.environment(pinEnv), namespace, sessions);
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "invalid PKCS#11 store configuration: " + e.getMessage());
        }
    }

    /** Settings for the token with {@code label}, 4 sessions, namespace {@code ccl}. */
    public static Pkcs11Settings byLabel(Path library, String label, PinSource pin) {
        return new Pkcs11Settings(library, Optional.of(label), OptionalInt.empty(), pin, "ccl", 4);
    }

    /** The same settings with another namespace. */
    public Pkcs11Settings withNamespace(String other) {
        return new Pkcs11Settings(library, tokenLabel, slotIndex, pin, other, sessions);
    }

    /** The same settings with another pool size. */
    public Pkcs11Settings withSessions(int other) {
        return new Pkcs11Settings(library, tokenLabel, slotIndex, pin, namespace, other);
    }

    /** The token as named in the configuration, for messages. */
    public String describeToken() {
        return tokenLabel.map(l -> "token '" + l + "'").orElseGet(() -> "token in slot index " + slotIndex.getAsInt());
    }
}
