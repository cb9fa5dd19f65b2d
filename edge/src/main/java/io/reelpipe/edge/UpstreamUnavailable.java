package io.reelpipe.edge;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A service that is down or unreachable answers as a 503 problem naming it ("the catalog service is not reachable"),
 * not as the gateway's bare 500, so the console can say what is wrong and hide what depends on it.
 */
@Component
class UpstreamUnavailable implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UpstreamUnavailable.class);

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).onErrorResume(e -> unreachable(e) && !exchange.getResponse().isCommitted(), e -> {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            Object named = route == null ? null : route.getMetadata().get(EdgeRoutes.SERVICE);
            String service = named == null ? "upstream" : named.toString();
            URI uri = route == null ? null : route.getUri();
            log.warn("event=upstream-unavailable route={} uri={} path={} error={}", route == null ? null : route.getId(),
                    uri, exchange.getRequest().getPath(), e.toString());
            String body = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"code\":\"upstream-unavailable\",\"service\":\"" + service + "\","
                    + "\"detail\":\"the " + service + " service is not reachable just now; try again shortly\","
                    + "\"instance\":\"" + exchange.getRequest().getPath().value().replace("\"", "") + "\"}";
            exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            exchange.getResponse().getHeaders().set("Retry-After", "5");
            DataBuffer buf = exchange.getResponse().bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
            return exchange.getResponse().writeWith(Mono.just(buf));
        });
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
