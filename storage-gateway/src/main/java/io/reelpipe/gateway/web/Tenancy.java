package io.reelpipe.gateway.web;

import io.reelpipe.pipeline.security.AccessPolicy;
import io.reelpipe.pipeline.security.ReelpipePrincipal;
import io.reelpipe.pipeline.security.Role;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/**
 * The tenant a request acts for and its role checks. With security on it is the API key's tenant (the system admin
 * may name another in {@code X-Reelpipe-Tenant}); the gateway looks only under {@code {tenant}/{assetId}/}, so
 * another tenant's asset is simply not found (404). With {@code reelpipe.security.enabled=false}: the header, else
 * {@code default} (as in ingest).
 */
public final class Tenancy {

    public static final String HEADER = "X-Reelpipe-Tenant";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Tenancy() {
    }

    public static String tenant(ServerWebExchange exchange) {
        return AccessPolicy.principal(exchange).map(ReelpipePrincipal::tenant).orElseGet(() -> {
            String h = exchange.getRequest().getHeaders().getFirst(HEADER);
            if (h == null || h.isBlank()) {
                return "default";
            }
            String t = h.strip();
            if (!NAME.matcher(t).matches() || t.contains("..")) {
                throw GatewayException.badRequest("the tenant '" + AssetPaths.safe(t) + "' is not a valid name");
            }
            return t;
        });
    }

    /** 403 problem unless the key has one of the roles. */
    public static void require(ServerWebExchange exchange, Role... anyOf) {
        AccessPolicy.requireRole(exchange, anyOf);
    }
}
