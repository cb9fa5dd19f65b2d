package io.reelpipe.pipeline.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who made a request: the tenant of the API key, its roles and the key's id (never the key itself). Put into the
 * exchange attributes under {@link #ATTRIBUTE} and into the Reactor context under {@code ReelpipePrincipal.class}
 * by {@link ApiKeyAuthenticationFilter}.
 *
 * @param tenant      the key's tenant
 * @param roles       the key's roles
 * @param keyId       the key's public id ({@code ak_…})
 * @param systemAdmin true for an {@link Role#ADMIN} key of the system tenant, which may act on any tenant
 */
public record ReelpipePrincipal(String tenant, Set<Role> roles, String keyId, boolean systemAdmin) {

    /** Exchange attribute holding the principal of an authenticated request. */
    public static final String ATTRIBUTE = ReelpipePrincipal.class.getName();

    public ReelpipePrincipal {
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** True when the key holds {@code role} or {@link Role#ADMIN} (which implies every role). */
    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }

    /** True when the key holds any of {@code anyOf} (or {@link Role#ADMIN}). */
    public boolean hasAny(Role... anyOf) {
        for (Role r : anyOf) {
            if (has(r)) {
                return true;
            }
        }
        return false;
    }
}
