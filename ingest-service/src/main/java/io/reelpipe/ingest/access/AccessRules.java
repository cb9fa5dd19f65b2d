package io.reelpipe.ingest.access;

import io.reelpipe.pipeline.security.AccessPolicy;
import io.reelpipe.pipeline.security.ApiKeyAuthenticationFilter;
import io.reelpipe.pipeline.security.Problems;
import io.reelpipe.pipeline.security.ReelpipePrincipal;
import io.reelpipe.pipeline.security.Role;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Which role each ingest endpoint needs (403 problem otherwise), checked right after the API-key filter. The tenant
 * needs no check here: the filter pins {@code X-Reelpipe-Tenant} to the key's tenant, which is what every controller
 * resolves ({@link io.reelpipe.ingest.web.Tenants}), so another tenant's ids are simply not found (404).
 * <p>
 * First matching rule wins; an endpoint not listed needs {@link Role#ADMIN} (deny by default: add a rule with a new
 * endpoint). Without a principal (security disabled, public paths, CORS preflights) nothing is checked.
 */
@Component
public class AccessRules implements WebFilter, Ordered {

    record Rule(HttpMethod method, PathPattern pattern, Role[] anyOf) {
    }

    private static final PathPatternParser PARSER = new PathPatternParser();

    static final List<Rule> RULES = List.of(
            // any key may ask who it is (the console hides what it may not do)
            rule(HttpMethod.GET, "/v1/me", Role.UPLOADER, Role.EDITOR, Role.OPERATOR),
            // uploads
            rule(HttpMethod.POST, "/v1/assets", Role.UPLOADER),
            rule(null, "/v1/uploads", Role.UPLOADER),
            rule(null, "/v1/uploads/**", Role.UPLOADER),
            rule(null, "/v1/direct-uploads", Role.UPLOADER),
            rule(null, "/v1/direct-uploads/**", Role.UPLOADER),
            // reading and steering jobs, assets, pipelines
            rule(HttpMethod.GET, "/v1/assets/**", Role.EDITOR),
            rule(null, "/v1/jobs", Role.EDITOR),
            rule(null, "/v1/jobs/**", Role.EDITOR),
            rule(HttpMethod.GET, "/v1/pipelines", Role.EDITOR),
            rule(HttpMethod.GET, "/v1/pipelines/**", Role.EDITOR),
            rule(HttpMethod.POST, "/v1/pipelines:validate", Role.EDITOR),
            rule(HttpMethod.PUT, "/v1/pipelines/**", Role.ADMIN),
            // worker pools
            rule(null, "/admin/pools", Role.OPERATOR),
            rule(null, "/admin/pools/**", Role.OPERATOR),
            // tenant administration
            rule(null, "/v1/webhooks", Role.ADMIN),
            rule(null, "/v1/webhooks/**", Role.ADMIN),
            rule(null, "/v1/api-keys", Role.ADMIN),
            rule(null, "/v1/api-keys/**", Role.ADMIN));

    private static Rule rule(HttpMethod method, String pattern, Role... anyOf) {
        return new Rule(method, PARSER.parse(pattern), anyOf);
    }

    @Override
    public int getOrder() {
        return ApiKeyAuthenticationFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<ReelpipePrincipal> principal = AccessPolicy.principal(exchange);
        if (principal.isEmpty()) {
            return chain.filter(exchange);
        }
        Role[] needed = required(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication());
        if (!principal.get().hasAny(needed)) {
            return Problems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", AccessPolicy.denial(principal.get(), needed));
        }
        return chain.filter(exchange);
    }

    static Role[] required(HttpMethod method, PathContainer path) {
        for (Rule r : RULES) {
            if ((r.method() == null || r.method().equals(method)) && r.pattern().matches(path)) {
                return r.anyOf();
            }
        }
        return new Role[] {Role.ADMIN};
    }
}
