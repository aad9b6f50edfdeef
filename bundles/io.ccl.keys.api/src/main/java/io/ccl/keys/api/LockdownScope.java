package io.ccl.keys.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which runtimes a lockdown covers: every runtime ({@code *}), or those whose attestation result
 * has an EAR claim with a given value — for example {@code measurement=<hex>} (a revoked
 * measurement) or {@code runtime=<JWK thumbprint of the tee-pubkey>} (one runtime).
 *
 * @param claim {@code *}, {@code runtime} or an annotated-evidence claim name
 * @param value the value to match exactly (case-insensitive for hex); empty for {@code *}
 */
public record LockdownScope(String claim, String value) {
    /** Claim name matching the RFC 7638 thumbprint of the attested tee-pubkey. */
    public static final String RUNTIME = "runtime";
    private static final Pattern CLAIM = Pattern.compile("\\*|[A-Za-z0-9_.-]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:+/=-]{0,512}");

    public LockdownScope {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(value, "value");
        if (!CLAIM.matcher(claim).matches() || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("lockdown scope must be '*' or claim=value");
        }
        if (claim.equals("*") != value.isEmpty()) {
            throw new IllegalArgumentException("lockdown scope must be '*' or claim=value");
        }
    }

    /** Every runtime. */
    public static LockdownScope all() {
        return new LockdownScope("*", "");
    }

    /** Parses {@code *} or {@code claim=value}. */
    public static LockdownScope parse(String text) {
        Objects.requireNonNull(text, "scope");
        if (text.equals("*") || text.equals("all")) {
            return all();
        }
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("lockdown scope must be '*' or claim=value");
        }
        return new LockdownScope(text.substring(0, eq), text.substring(eq + 1));
    }

    public boolean isAll() {
        return claim.equals("*");
    }

    @Override
    public String toString() {
        return isAll() ? "*" : claim + "=" + value;
    }
}
