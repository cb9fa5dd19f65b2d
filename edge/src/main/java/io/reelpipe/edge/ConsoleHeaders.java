package io.reelpipe.edge;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers for the console's own files (not for the routed API, whose services set their own). The page holds
 * an API key, so scripts come only from this origin (no inline script, no third-party host), media and pictures also
 * from {@code blob:} (hls.js's MediaSource, captions and sprites fetched with the key), and no one may frame it.
 * Also {@code Cache-Control: no-cache}, which the welcome page at {@code /} would not get from the resource settings.
 */
@Component
class ConsoleHeaders implements WebFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' blob: data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/v1/") && !path.startsWith("/admin/") && !path.startsWith("/actuator")) {
            HttpHeaders h = exchange.getResponse().getHeaders();
            h.set("Content-Security-Policy", POLICY);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Frame-Options", "DENY");
            // revalidated every time (304 when unchanged): a new release's modules are picked up at once
            h.setCacheControl("no-cache");
        }
        return chain.filter(exchange);
    }
}
