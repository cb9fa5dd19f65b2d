package io.reelpipe.ingest.webhook;

import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.ingest.web.Tenants;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/webhooks}: a tenant's subscriptions (URL + event types), their secret (shown once) and deliveries. */
@RestController
public class WebhookController {

    /** Event types a webhook may subscribe to ({@code *} for all). */
    public static final Set<String> EVENT_TYPES = Set.of("*", "stage.started", "stage.completed", "stage.failed",
            "stage.skipped", "stage.cancelled", "job.completed", "job.failed", "job.cancelled", "job.rerun");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository webhooks;
    private final WebhookDispatcher dispatcher;
    private final Tenants tenants;

    public WebhookController(WebhookRepository webhooks, WebhookDispatcher dispatcher, Tenants tenants) {
        this.webhooks = webhooks;
        this.dispatcher = dispatcher;
        this.tenants = tenants;
    }

    /** Request body of {@code POST /v1/webhooks}. */
    public record CreateWebhook(String url, List<String> events, String description) {
    }

    @PostMapping("/v1/webhooks")
    public Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody CreateWebhook body,
                                                            @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        String t = tenants.resolve(tenant);
        if (body == null || body.url() == null) {
            throw new ApiExceptions.BadRequest("'url' is required");
        }
        URI uri;
        try {
            uri = URI.create(body.url().trim());
        } catch (IllegalArgumentException e) {
            throw new ApiExceptions.BadRequest("'url' is not a URL: " + body.url());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new ApiExceptions.BadRequest("'url' must be an absolute http or https URL, got '" + body.url() + "'");
        }
        List<String> events = body.events() == null || body.events().isEmpty() ? List.of("*") : body.events();
        for (String e : events) {
            if (!EVENT_TYPES.contains(e)) {
                throw new ApiExceptions.BadRequest("unknown event type '" + e + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(EVENT_TYPES)) + ")");
            }
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = "whsec_" + HexFormat.of().formatHex(raw);
        String id = "wh_" + UUID.randomUUID().toString().replace("-", "");
        WebhookRepository.Webhook w = new WebhookRepository.Webhook(id, t, uri.toString(), List.copyOf(events), secret,
                body.description(), true, Instant.now());
        return webhooks.insert(w).thenReturn(ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/webhooks/" + id))
                .body(view(w, true)));
    }

    @GetMapping("/v1/webhooks")
    public Mono<Map<String, Object>> list(@RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return webhooks.list(tenants.resolve(tenant)).map(w -> view(w, false)).collectList()
                .map(l -> Map.of("webhooks", l));
    }

    @GetMapping("/v1/webhooks/{id}")
    public Mono<Map<String, Object>> get(@PathVariable String id,
                                         @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return find(id, tenant).map(w -> view(w, false));
    }

    @DeleteMapping("/v1/webhooks/{id}")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String id,
                                             @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return find(id, tenant).flatMap(w -> webhooks.deactivate(w.id())).thenReturn(ResponseEntity.noContent().build());
    }

    /** The latest deliveries (newest first) with their last attempts and state. */
    @GetMapping("/v1/webhooks/{id}/deliveries")
    public Mono<Map<String, Object>> deliveries(@PathVariable String id,
                                                @RequestParam(defaultValue = "20") int limit,
                                                @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        int n = Math.max(1, Math.min(100, limit));
        return find(id, tenant).flatMap(w -> webhooks.deliveries(w.id(), n).collectList())
                .map(l -> Map.of("deliveries", l));
    }

    private Mono<WebhookRepository.Webhook> find(String id, String tenant) {
        String t = tenants.resolve(tenant);
        return webhooks.find(id).filter(w -> w.tenant().equals(t) && w.active())
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("webhook", id)));
    }

    private static Map<String, Object> view(WebhookRepository.Webhook w, boolean withSecret) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", w.id());
        m.put("url", w.url());
        m.put("events", w.events());
        m.put("description", w.description());
        m.put("active", w.active());
        m.put("createdAt", w.createdAt());
        if (withSecret) {
            m.put("secret", w.secret());
        }
        m.put("links", Map.of("self", "/v1/webhooks/" + w.id(), "deliveries", "/v1/webhooks/" + w.id() + "/deliveries"));
        return m;
    }
}
