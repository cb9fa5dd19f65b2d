package io.reelpipe.ingest.access;

import io.reelpipe.ingest.web.Tenants;
import io.reelpipe.pipeline.security.AccessPolicy;
import io.reelpipe.pipeline.security.ApiKeyRecord;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.ReelpipePrincipal;
import io.reelpipe.pipeline.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/me}: who the calling key is, so a client (the console) can hide what the key may not do. Any key
 * may ask about itself; the API still enforces every rule. Answers {@code {tenant, keyId, name, roles, systemAdmin,
 * can: {upload, read, operate, administer}}}; with {@code reelpipe.security.enabled=false} the request's tenant and
 * every role, {@code security: false}.
 */
@RestController
public class MeController {

    private final ApiKeys apiKeys;
    private final Tenants tenants;

    public MeController(ApiKeys apiKeys, Tenants tenants) {
        this.apiKeys = apiKeys;
        this.tenants = tenants;
    }

    @GetMapping("/v1/me")
    public Mono<Map<String, Object>> me(ServerWebExchange exchange,
                                        @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader) {
        Optional<ReelpipePrincipal> principal = AccessPolicy.principal(exchange);
        if (principal.isEmpty()) {
            ReelpipePrincipal open = new ReelpipePrincipal(tenants.resolve(tenantHeader), Set.of(Role.ADMIN), null, false);
            Map<String, Object> view = view(open, null);
            view.put("security", false);
            return Mono.just(view);
        }
        ReelpipePrincipal p = principal.get();
        return apiKeys.find(p.keyId()).map(ApiKeyRecord::name).map(name -> view(p, name))
                .switchIfEmpty(Mono.fromSupplier(() -> view(p, null)));
    }

    private static Map<String, Object> view(ReelpipePrincipal p, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", p.tenant());
        m.put("keyId", p.keyId());
        m.put("name", name);
        List<String> roles = p.roles().stream().sorted().map(Role::wireName).toList();
        m.put("roles", roles);
        m.put("systemAdmin", p.systemAdmin());
        Map<String, Boolean> can = new LinkedHashMap<>();
        can.put("upload", p.has(Role.UPLOADER));
        can.put("read", p.has(Role.EDITOR));
        can.put("operate", p.has(Role.OPERATOR));
        can.put("administer", p.has(Role.ADMIN));
        m.put("can", can);
        m.put("security", true);
        return m;
    }
}
