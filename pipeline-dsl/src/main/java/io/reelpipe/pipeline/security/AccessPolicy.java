package io.reelpipe.pipeline.security;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.web.server.ServerWebExchange;

/**
 * Role checks for controllers. The tenant needs no check here: {@link ApiKeyAuthenticationFilter} pins the
 * request's tenant to the key's, and services look resources up under that tenant only (another tenant's id is
 * simply not found: 404).
 * <p>
 * When security is disabled ({@code reelpipe.security.enabled=false}) there is no principal and every check passes.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** The request's principal; empty when security is disabled or the path is public. */
    public static Optional<ReelpipePrincipal> principal(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ReelpipePrincipal.ATTRIBUTE));
    }

    /**
     * Throws {@link AccessDeniedException} (403 problem) unless the key holds one of {@code anyOf} ({@link Role#ADMIN}
     * holds all). Passes when the request carries no principal (security disabled).
     */
    public static void requireRole(ServerWebExchange exchange, Role... anyOf) {
        Optional<ReelpipePrincipal> p = principal(exchange);
        if (p.isPresent() && !p.get().hasAny(anyOf)) {
            throw new AccessDeniedException(denial(p.get(), anyOf));
        }
    }

    /** The reason a person reads when a key lacks a role. */
    public static String denial(ReelpipePrincipal p, Role... anyOf) {
        String need = Arrays.stream(anyOf).map(Role::wireName).collect(Collectors.joining(" or "));
        return "this API key (" + p.keyId() + ", roles " + Role.format(p.roles()) + ") may not do this; it needs the "
                + need + " role";
    }
}
