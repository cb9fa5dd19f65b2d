package io.reelpipe.pipeline.security;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request by API key ({@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}) and
 * answers 401 problem+json when it is missing, unknown or revoked. Public paths ({@code reelpipe.security.public-paths})
 * and CORS preflights ({@code OPTIONS}) pass without a key.
 * <p>
 * For an authenticated request it
 * <ul>
 *   <li>puts a {@link ReelpipePrincipal} into the exchange attributes ({@link ReelpipePrincipal#ATTRIBUTE}) and the
 *   Reactor context (key {@code ReelpipePrincipal.class}); its {@code tenant} is the tenant the request acts for;</li>
 *   <li>pins the tenant header ({@code X-Reelpipe-Tenant}) to the key's tenant, so code that reads the header gets
 *   the authenticated tenant and a caller cannot name another; only an admin key of the system tenant may name a
 *   tenant there (absent: its own).</li>
 * </ul>
 * Role checks are left to the endpoints ({@link AccessPolicy#requireRole}).
 */
public class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

    /** Right after ingest's method-override filter, before anything else. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    public static final String API_KEY_HEADER = "X-Api-Key";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ApiKeys apiKeys;
    private final SecurityProperties props;
    private final List<PathPattern> publicPaths;

    public ApiKeyAuthenticationFilter(ApiKeys apiKeys, SecurityProperties props) {
        this.apiKeys = apiKeys;
        this.props = props;
        PathPatternParser parser = new PathPatternParser();
        this.publicPaths = props.publicPaths().stream().map(parser::parse).toList();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest req = exchange.getRequest();
        if (HttpMethod.OPTIONS.equals(req.getMethod()) || isPublic(req.getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        Optional<String> key = presentedKey(req.getHeaders());
        if (key.isEmpty()) {
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "an API key is required: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        return apiKeys.verify(key.get())
                .map(Lookup::found)
                .defaultIfEmpty(Lookup.UNKNOWN)
                .onErrorResume(e -> {
                    log.warn("API key check failed: {}", e.toString());
                    return Mono.just(Lookup.DOWN);
                })
                .flatMap(l -> {
                    if (l.down()) {
                        return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                                "API keys cannot be checked right now; please try again later");
                    }
                    if (l.record() == null) {
                        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "the API key is unknown or revoked");
                    }
                    return authenticated(exchange, chain, l.record());
                });
    }

    private record Lookup(ApiKeyRecord record, boolean down) {
        static final Lookup UNKNOWN = new Lookup(null, false);
        static final Lookup DOWN = new Lookup(null, true);

        static Lookup found(ApiKeyRecord r) {
            return new Lookup(r, false);
        }
    }

    private Mono<Void> authenticated(ServerWebExchange exchange, WebFilterChain chain, ApiKeyRecord rec) {
        boolean systemAdmin = rec.roles().contains(Role.ADMIN) && props.systemTenant().equals(rec.tenant());
        String tenant = rec.tenant();
        if (systemAdmin) {
            String asked = exchange.getRequest().getHeaders().getFirst(props.tenantHeader());
            if (asked != null && !asked.isBlank()) {
                asked = asked.strip();
                if (!TENANT.matcher(asked).matches() || asked.contains("..")) {
                    return Problems.write(exchange, HttpStatus.BAD_REQUEST, "bad-request", "the tenant '" + asked
                            + "' is not a valid name (letters, digits, '.', '_' and '-', up to 64 characters)");
                }
                tenant = asked;
            }
        }
        ReelpipePrincipal principal = new ReelpipePrincipal(tenant, rec.roles(), rec.id(), systemAdmin);
        String pinned = tenant;
        ServerHttpRequest req = exchange.getRequest().mutate()
                .headers(h -> h.set(props.tenantHeader(), pinned))
                .build();
        ServerWebExchange ex = exchange.mutate().request(req).build();
        ex.getAttributes().put(ReelpipePrincipal.ATTRIBUTE, principal);
        return chain.filter(ex).contextWrite(ctx -> ctx.put(ReelpipePrincipal.class, principal));
    }

    private boolean isPublic(PathContainer path) {
        for (PathPattern p : publicPaths) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> presentedKey(HttpHeaders headers) {
        String auth = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String k = auth.substring(7).strip();
            if (!k.isEmpty()) {
                return Optional.of(k);
            }
        }
        String k = headers.getFirst(API_KEY_HEADER);
        return k == null || k.isBlank() ? Optional.empty() : Optional.of(k.strip());
    }
}
