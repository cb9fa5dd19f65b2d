package io.reelpipe.ingest.access;

import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.security.AccessDeniedException;
import io.reelpipe.pipeline.security.AccessPolicy;
import io.reelpipe.pipeline.security.ApiKeyRecord;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.ReelpipePrincipal;
import io.reelpipe.pipeline.security.Role;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * API keys of a tenant, for its admins (the system admin, e.g. the bootstrap key, for any tenant it names in
 * {@code X-Reelpipe-Tenant} or in the body):
 * <ul>
 *   <li>{@code POST /v1/api-keys} {@code {"roles": ["uploader"], "name": "ci", "tenant": "acme"}} → 201 with the clear
 *   {@code key}, shown this once only;</li>
 *   <li>{@code GET /v1/api-keys} → the tenant's keys, never a secret;</li>
 *   <li>{@code DELETE /v1/api-keys/{id}} → revoked at once (another tenant's id: 404).</li>
 * </ul>
 * Refused (403) while {@code reelpipe.security.enabled=false}: keys minted then would be unchecked.
 */
@RestController
public class ApiKeyController {

    /** Body of {@code POST /v1/api-keys}. */
    public record CreateRequest(String tenant, List<String> roles, String name) {
    }

    private final ApiKeys apiKeys;

    public ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @PostMapping("/v1/api-keys")
    public Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody(required = false) CreateRequest body,
                                                            ServerWebExchange exchange) {
        ReelpipePrincipal p = admin(exchange);
        if (body == null || body.roles() == null || body.roles().isEmpty()) {
            throw new ApiExceptions.BadRequest("name at least one role: uploader, editor, operator or admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try {
            body.roles().forEach(r -> roles.add(Role.parse(r)));
        } catch (IllegalArgumentException e) {
            throw new ApiExceptions.BadRequest(e.getMessage());
        }
        String tenant = body.tenant() == null || body.tenant().isBlank() ? p.tenant() : body.tenant().strip();
        if (!tenant.equals(p.tenant()) && !p.systemAdmin()) {
            throw new AccessDeniedException("a tenant admin makes keys for its own tenant only");
        }
        return apiKeys.create(tenant, roles, body.name())
                .onErrorMap(IllegalArgumentException.class, e -> new ApiExceptions.BadRequest(e.getMessage()))
                .map(created -> {
                    Map<String, Object> view = view(created.record());
                    view.put("key", created.key());
                    return ResponseEntity.status(HttpStatus.CREATED)
                            .location(URI.create("/v1/api-keys/" + created.record().id()))
                            .header("Cache-Control", "no-store").body(view);
                });
    }

    @GetMapping("/v1/api-keys")
    public Mono<Map<String, Object>> list(ServerWebExchange exchange) {
        ReelpipePrincipal p = admin(exchange);
        return apiKeys.list(p.tenant()).map(ApiKeyController::view).collectList()
                .map(keys -> Map.of("tenant", p.tenant(), "keys", keys));
    }

    @DeleteMapping("/v1/api-keys/{id}")
    public Mono<Map<String, Object>> revoke(@PathVariable String id, ServerWebExchange exchange) {
        ReelpipePrincipal p = admin(exchange);
        return apiKeys.find(id)
                .filter(rec -> rec.tenant().equals(p.tenant()) || p.systemAdmin())
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("API key", id)))
                .flatMap(rec -> apiKeys.revoke(rec.id()))
                .map(ApiKeyController::view);
    }

    private static ReelpipePrincipal admin(ServerWebExchange exchange) {
        ReelpipePrincipal p = AccessPolicy.principal(exchange).orElseThrow(() -> new AccessDeniedException(
                "API keys are managed only while reelpipe.security.enabled=true"));
        AccessPolicy.requireRole(exchange, Role.ADMIN);
        return p;
    }

    static Map<String, Object> view(ApiKeyRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("tenant", r.tenant());
        m.put("roles", r.roles().stream().sorted().map(Role::wireName).toList());
        m.put("name", r.name());
        m.put("createdAt", r.createdAt().toString());
        m.put("revokedAt", r.revokedAt() == null ? null : r.revokedAt().toString());
        return m;
    }
}
