package io.ccl.tee.nitro.verify;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link DocumentVerifier} treats time and debug enclaves.
 *
 * @param timeMode live admission or audit replay
 * @param maxAge largest age of a document in {@link TimeMode#LIVE} mode
 * @param clockSkew how far a document's timestamp may lie after the verification time
 * @param allowDebug accept debug enclaves (PCR0, PCR1 and PCR2 all zero); they are always flagged
 *     by the claim {@code debug}
 * @param honourHints let the context hints {@value #HINT_TIME_MODE}, {@value #HINT_MAX_AGE} and
 *     {@value #HINT_ALLOW_DEBUG} override these settings (the CLI; not for a service whose context
 *     hints come from elsewhere)
 */
public record VerifierSettings(TimeMode timeMode, Duration maxAge, Duration clockSkew, boolean allowDebug,
        boolean honourHints) {
    /** Hint selecting {@code live} or {@code audit}. */
    public static final String HINT_TIME_MODE = "nitro.time_mode";
    /** Hint giving the maximum age in seconds. */
    public static final String HINT_MAX_AGE = "nitro.max_age_s";
    /** Hint {@code true} accepting debug enclaves. */
    public static final String HINT_ALLOW_DEBUG = "nitro.allow_debug";
    /** Hint giving the expected nonce (hex); always honoured, it can only make verification stricter. */
    public static final String HINT_NONCE = "nitro.nonce";

    /** Live mode, 5 minutes maximum age, 60 s skew, debug rejected, hints ignored. */
    public static final VerifierSettings DEFAULT = new VerifierSettings(TimeMode.LIVE, Duration.ofMinutes(5),
            Duration.ofSeconds(60), false, false);

    public VerifierSettings {
        Objects.requireNonNull(timeMode, "timeMode");
        if (maxAge.isNegative() || clockSkew.isNegative()) {
            throw new IllegalArgumentException("maxAge and clockSkew must not be negative");
        }
    }

    /** These settings with the hints applied when {@link #honourHints()}. */
    VerifierSettings withHints(java.util.Map<String, String> hints) {
        if (!honourHints) {
            return this;
        }
        TimeMode mode = timeMode;
        Duration age = maxAge;
        boolean debug = allowDebug;
        String m = hints.get(HINT_TIME_MODE);
        if (m != null) {
            mode = switch (m.trim().toLowerCase(Locale.ROOT)) {
                case "live" -> TimeMode.LIVE;
                case "audit" -> TimeMode.AUDIT;
                default -> throw new IllegalArgumentException(HINT_TIME_MODE + " must be live or audit");
            };
        }
        String a = hints.get(HINT_MAX_AGE);
        if (a != null) {
            age = Duration.ofSeconds(Long.parseLong(a.trim()));
        }
        String d = hints.get(HINT_ALLOW_DEBUG);
        if (d != null) {
            debug = Boolean.parseBoolean(d.trim());
        }
        return new VerifierSettings(mode, age, clockSkew, debug, true);
    }
}
