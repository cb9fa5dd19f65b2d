package io.reelpipe.catalog.search;

import io.reelpipe.catalog.CatalogProperties;
import io.reelpipe.pipeline.security.AccessPolicy;
import io.reelpipe.pipeline.security.ReelpipePrincipal;
import io.reelpipe.pipeline.security.Role;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/search} and {@code GET /v1/search/similar/{assetId}}: editor role, the key's tenant only (another
 * tenant's assets are never candidates). Bad parameters are 400 problem+json naming the parameter.
 */
@RestController
public class SearchController {

    private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final SearchService search;
    private final CatalogProperties props;

    public SearchController(SearchService search, CatalogProperties props) {
        this.search = search;
        this.props = props;
    }

    @GetMapping("/v1/search")
    public Mono<SearchResult> search(@RequestParam Map<String, String> params, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            String tenant = tenant(exchange);
            return search.search(SearchRequest.parse(tenant, params, search.defaultMode(), props.maxResults()));
        });
    }

    @GetMapping("/v1/search/similar/{assetId}")
    public Mono<ResponseEntity<Object>> similar(@PathVariable String assetId,
                                                @RequestParam(required = false) String size,
                                                ServerWebExchange exchange) {
        return Mono.defer(() -> {
            String tenant = tenant(exchange);
            if (!ASSET_ID.matcher(assetId).matches()) {
                throw new BadSearchRequest("assetId", "not an asset id: '" + assetId + "'");
            }
            int n = SearchRequest.parse(tenant, size == null ? Map.of() : Map.of("size", size), SearchMode.KEYWORD,
                    props.maxResults()).size();
            return search.similar(tenant, assetId, n).map(r -> r.<ResponseEntity<Object>>map(ResponseEntity::ok)
                    .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "not-found",
                            "no asset '" + assetId + "' in the catalog of this tenant")));
        });
    }

    static String tenant(ServerWebExchange exchange) {
        AccessPolicy.requireRole(exchange, Role.EDITOR);
        return AccessPolicy.principal(exchange).map(ReelpipePrincipal::tenant)
                .orElseGet(() -> {
                    // security off (dev tools, some tests): the tenant header names it
                    String t = exchange.getRequest().getHeaders().getFirst("X-Reelpipe-Tenant");
                    if (t == null || t.isBlank()) {
                        throw new BadSearchRequest("X-Reelpipe-Tenant", "no tenant: send an API key");
                    }
                    return t;
                });
    }

    @ExceptionHandler(BadSearchRequest.class)
    ResponseEntity<Object> bad(BadSearchRequest e) {
        ResponseEntity<Object> r = problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
        ((ProblemDetail) r.getBody()).setProperty("parameter", e.parameter());
        return r;
    }

    @ExceptionHandler(SearchService.SemanticUnavailable.class)
    ResponseEntity<Object> unavailable(SearchService.SemanticUnavailable e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "semantic-unavailable", e.getMessage());
    }

    static ResponseEntity<Object> problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(java.net.URI.create(io.reelpipe.pipeline.security.Problems.TYPE_BASE + code));
        p.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }
}
