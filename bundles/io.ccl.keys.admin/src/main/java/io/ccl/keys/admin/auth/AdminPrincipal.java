package io.ccl.keys.admin.auth;

import io.ccl.keys.api.Actor;
import java.util.Objects;

/**
 * An authenticated administrator.
 *
 * @param principal {@code token:<name>} or {@code cert:<subject DN>}, printable ASCII
 * @param role what it may do
 */
public record AdminPrincipal(String principal, Role role) {
    /** The surface name of REST actors. */
    public static final String SURFACE = "rest";

    public AdminPrincipal {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(role, "role");
    }

    /** The actor named in key management audit events. */
    public Actor actor() {
        return new Actor(principal, SURFACE);
    }
}
