package io.reelpipe.pipeline.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * An API key as stored: everything except the key itself (only its SHA-256 is kept, as the Redis key).
 *
 * @param id        public id ({@code ak_…}), used to list and revoke
 * @param tenant    the tenant the key acts for
 * @param roles     its roles
 * @param name      a label chosen at creation
 * @param createdAt when it was made
 * @param revokedAt when it was revoked; null while valid
 */
public record ApiKeyRecord(String id, String tenant, Set<Role> roles, String name, Instant createdAt,
                           Instant revokedAt) {

    public ApiKeyRecord {
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
