package io.reelpipe.ingest.web;

import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code X-HTTP-Method-Override} on {@code POST /v1/uploads/...}: tus clients whose HTTP stack cannot send PATCH
 * or DELETE (Java's HttpURLConnection, tus-java-client, older browsers) send POST with this header, as the tus
 * protocol allows.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MethodOverrideFilter implements WebFilter {

    private static final Set<String> ALLOWED = Set.of("PATCH", "DELETE", "HEAD");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        String override = request.getHeaders().getFirst("X-HTTP-Method-Override");
        if (override != null && HttpMethod.POST.equals(request.getMethod())
                && request.getPath().value().startsWith("/v1/uploads/")
                && ALLOWED.contains(override.strip().toUpperCase(Locale.ROOT))) {
            HttpMethod m = HttpMethod.valueOf(override.strip().toUpperCase(Locale.ROOT));
            return chain.filter(exchange.mutate().request(request.mutate().method(m).build()).build());
        }
        return chain.filter(exchange);
    }
}
