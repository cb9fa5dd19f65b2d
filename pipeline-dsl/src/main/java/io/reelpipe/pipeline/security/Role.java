package io.reelpipe.pipeline.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API key may do inside its tenant. {@link #ADMIN} implies every other role.
 * <ul>
 *   <li>{@link #UPLOADER}: upload sources, start jobs, delete the tenant's assets</li>
 *   <li>{@link #EDITOR}: read jobs, assets and outputs of the tenant, presign downloads</li>
 *   <li>{@link #OPERATOR}: see worker pools and scale them</li>
 *   <li>{@link #ADMIN}: everything in the tenant, API-key management; the system tenant's admin acts on any tenant</li>
 * </ul>
 */
public enum Role {
    UPLOADER, EDITOR, OPERATOR, ADMIN;

    /** The lower-case name used in Redis and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code uploader}, {@code EDITOR}… (case-insensitive); an unknown name is an {@link IllegalArgumentException}. */
    public static Role parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("role is missing");
        }
        try {
            return Role.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + s + "' (known: uploader, editor, operator, admin)");
        }
    }

    /** A comma-separated list ({@code "uploader,editor"}); blanks are skipped. */
    public static Set<Role> parseAll(String csv) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (csv != null) {
            for (String part : csv.split(",")) {
                if (!part.isBlank()) {
                    roles.add(parse(part));
                }
            }
        }
        return roles;
    }

    /** The comma-separated wire form, in declaration order. */
    public static String format(Collection<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).collect(Collectors.joining(","));
    }
}
