package io.ccl.keys.vault.fake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JWT auth role ({@code role_type=jwt}) as {@code auth/<mount>/role/<name>} configures it.
 *
 * @param userClaim claim naming the user; must be present as a string
 * @param boundAudiences {@code aud} values, any match suffices; when empty a token with {@code aud} is refused
 * @param boundClaims claim (or JSON pointer) to required value or list of values
 * @param boundSubject required {@code sub}, or empty
 * @param policies {@code token_policies}
 * @param ttl {@code token_ttl}
 * @param maxTtl {@code token_max_ttl} (zero: none)
 */
public record FakeJwtRole(String userClaim, List<String> boundAudiences, Map<String, Object> boundClaims, String boundSubject,
        Set<String> policies, Duration ttl, Duration maxTtl) {
    public FakeJwtRole {
        boundAudiences = List.copyOf(boundAudiences);
        boundClaims = Map.copyOf(boundClaims);
        policies = Set.copyOf(policies);
        if (boundAudiences.isEmpty() && boundClaims.isEmpty() && boundSubject.isEmpty()) {
            throw new IllegalArgumentException("must have at least one bound constraint when creating/updating a role");
        }
    }
}
