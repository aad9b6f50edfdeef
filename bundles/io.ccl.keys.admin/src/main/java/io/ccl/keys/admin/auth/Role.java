package io.ccl.keys.admin.auth;

import java.util.Locale;
import java.util.Optional;

/** What an authenticated administrator may do. */
public enum Role {
    /** Read-only: {@code GET} requests. */
    READER,
    /** Everything, including lifecycle changes, secret writes and lockdowns. */
    OPERATOR;

    /** True when this role may send a request with {@code method}. */
    public boolean permits(String method) {
        return this == OPERATOR || "GET".equalsIgnoreCase(method);
    }

    /** Parses {@code reader} or {@code operator} (lower case, as written in configuration). */
    public static Optional<Role> parse(String text) {
        for (Role r : values()) {
            if (r.configName().equals(text)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The configuration spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
