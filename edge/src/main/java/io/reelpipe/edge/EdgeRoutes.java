package io.reelpipe.edge;

import java.util.function.Function;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The routing table. Order matters: the storage gateway's asset paths are matched before ingest's
 * {@code /v1/assets/**}. Bodies are streamed both ways (no filter here reads or caches one), so a tus PATCH of
 * gigabytes and an SSE stream pass through without being held; {@code text/event-stream} answers are flushed per
 * event by the gateway's streaming media types. No response timeout is set (see application.yaml) for the same
 * reason. Every route keeps the client's {@code Host}: the services build absolute links (tus {@code Location},
 * presigned URLs) from it, so those point back at the edge. Everything no route matches ({@code /}, {@code /app.js},
 * …) is the console, served from {@code classpath:/static}.
 */
@Configuration(proxyBeanMethods = false)
class EdgeRoutes {

    /** Route metadata: the service a route leads to, named in problems. */
    static final String SERVICE = "service";

    @Bean
    RouteLocator reelpipeRoutes(RouteLocatorBuilder routes, EdgeProperties edge) {
        String ingest = edge.ingest().toString();
        String gateway = edge.gateway().toString();
        String catalog = edge.catalog().toString();
        return routes.routes()
                // storage-gateway: files (GET/HEAD and POST …:presign), keyless signed links, deleting an asset
                .route("gateway-files", to(0, "storage-gateway", gateway,
                        r -> r.path("/v1/assets/{id}/files/**")))
                .route("gateway-signed", to(1, "storage-gateway", gateway, r -> r.path("/v1/signed/**")))
                .route("gateway-delete", to(2, "storage-gateway", gateway,
                        r -> r.method(HttpMethod.DELETE).and().path("/v1/assets/{id}")))
                // ingest-service: everything else under /v1 that it serves, and the admin API
                .route("ingest", to(10, "ingest", ingest, r -> r.path("/v1/assets", "/v1/assets/**",
                        "/v1/uploads", "/v1/uploads/**", "/v1/direct-uploads", "/v1/direct-uploads/**",
                        "/v1/jobs", "/v1/jobs/**", "/v1/pipelines*", "/v1/pipelines/**",
                        "/v1/webhooks", "/v1/webhooks/**", "/v1/api-keys", "/v1/api-keys/**", "/v1/me",
                        "/admin/**")))
                // catalog-service: search
                .route("catalog", to(20, "catalog", catalog, r -> r.path("/v1/search", "/v1/search/**")))
                .build();
    }

    private static Function<PredicateSpec, Buildable<Route>> to(int order, String service, String uri,
                                                                Function<PredicateSpec, BooleanSpec> predicate) {
        return r -> predicate.apply(r.order(order)).filters(f -> f.preserveHostHeader())
                .metadata(SERVICE, service).uri(uri);
    }
}
