package io.reelpipe.ingest.webhook;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code webhooks}, {@code webhook_deliveries} and {@code webhook_attempts} tables. */
@Repository
public class WebhookRepository {

    public record Webhook(String id, String tenant, String url, List<String> events, String secret, String description,
                          boolean active, Instant createdAt) {
    }

    /** A due delivery, claimed for one attempt. */
    public record Due(long id, String eventId, String eventType, String payload, int attempts, Instant createdAt,
                      String url, String secret) {
    }

    private final DatabaseClient db;

    public WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(Webhook w) {
        return db.sql("insert into webhooks (id, tenant, url, events, secret, description) "
                        + "values (:id, :tenant, :url, :events, :secret, :description)")
                .bind("id", w.id()).bind("tenant", w.tenant()).bind("url", w.url())
                .bind("events", w.events().toArray(new String[0])).bind("secret", w.secret())
                .bind("description", Parameter.fromOrEmpty(w.description(), String.class))
                .fetch().rowsUpdated().then();
    }

    public Mono<Webhook> find(String id) {
        return db.sql("select * from webhooks where id = :id").bind("id", id).map(WebhookRepository::webhook).one();
    }

    public Flux<Webhook> list(String tenant) {
        return db.sql("select * from webhooks where tenant = :t and active order by created_at, id")
                .bind("t", tenant).map(WebhookRepository::webhook).all();
    }

    public Mono<Void> deactivate(String id) {
        return db.sql("update webhooks set active = false, updated_at = now() where id = :id").bind("id", id)
                .fetch().rowsUpdated()
                .then(db.sql("update webhook_deliveries set state = 'FAILED', last_error = 'webhook deleted' "
                        + "where webhook_id = :id and state = 'PENDING'").bind("id", id).fetch().rowsUpdated())
                .then();
    }

    /**
     * Claims due deliveries for one attempt each: their next attempt moves {@code lease} ahead, so another instance
     * (or this one after a crash) takes them again only if this attempt never reports back.
     */
    public Flux<Due> claimDue(int limit, Duration lease) {
        return db.sql("with due as (select id from webhook_deliveries where state = 'PENDING' and next_attempt_at <= now() "
                        + "order by next_attempt_at limit :n for update skip locked) "
                        + "update webhook_deliveries d set next_attempt_at = now() + make_interval(secs => :lease) "
                        + "from due, webhooks w where d.id = due.id and w.id = d.webhook_id "
                        + "returning d.id, d.event_id, d.event_type, d.payload::text as payload, d.attempts, d.created_at, "
                        + "w.url, w.secret")
                .bind("n", limit).bind("lease", (double) lease.toSeconds())
                .map(r -> new Due(r.get("id", Long.class), r.get("event_id", String.class), r.get("event_type", String.class),
                        r.get("payload", String.class), r.get("attempts", Integer.class), r.get("created_at", Instant.class),
                        r.get("url", String.class), r.get("secret", String.class)))
                .all();
    }

    /** Records one attempt and the delivery's new state. */
    public Mono<Void> recordAttempt(long id, int attempt, Integer status, String error, long durationMs, String state,
                                    Instant nextAttemptAt) {
        return db.sql("insert into webhook_attempts (delivery_id, attempt, status, error, duration_ms) "
                        + "values (:id, :attempt, :status, :error, :ms) on conflict do nothing")
                .bind("id", id).bind("attempt", attempt)
                .bind("status", Parameter.fromOrEmpty(status, Integer.class))
                .bind("error", Parameter.fromOrEmpty(error, String.class))
                .bind("ms", (int) Math.min(Integer.MAX_VALUE, durationMs))
                .fetch().rowsUpdated()
                .then(db.sql("update webhook_deliveries set attempts = :attempt, state = :state, last_status = :status, "
                                + "last_error = :error, next_attempt_at = :next, "
                                + "delivered_at = case when :state = 'DELIVERED' then now() else delivered_at end "
                                + "where id = :id and state = 'PENDING'")
                        .bind("id", id).bind("attempt", attempt).bind("state", state)
                        .bind("status", Parameter.fromOrEmpty(status, Integer.class))
                        .bind("error", Parameter.fromOrEmpty(error, String.class))
                        .bind("next", nextAttemptAt)
                        .fetch().rowsUpdated())
                .then();
    }

    /** The newest deliveries of a webhook with their last five attempts. */
    public Flux<Map<String, Object>> deliveries(String webhookId, int limit) {
        return db.sql("select * from webhook_deliveries where webhook_id = :w order by id desc limit :n")
                .bind("w", webhookId).bind("n", limit)
                .map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.get("id", Long.class));
                    m.put("eventId", r.get("event_id", String.class));
                    m.put("eventType", r.get("event_type", String.class));
                    m.put("jobId", r.get("job_id", String.class));
                    m.put("state", r.get("state", String.class));
                    m.put("attempts", r.get("attempts", Integer.class));
                    m.put("nextAttemptAt", "PENDING".equals(r.get("state", String.class))
                            ? r.get("next_attempt_at", Instant.class) : null);
                    m.put("lastStatus", r.get("last_status", Integer.class));
                    m.put("lastError", r.get("last_error", String.class));
                    m.put("createdAt", r.get("created_at", Instant.class));
                    m.put("deliveredAt", r.get("delivered_at", Instant.class));
                    return m;
                })
                .all()
                .concatMap(m -> db.sql("select * from webhook_attempts where delivery_id = :id order by attempt desc limit 5")
                        .bind("id", m.get("id"))
                        .map(r -> {
                            Map<String, Object> a = new LinkedHashMap<>();
                            a.put("attempt", r.get("attempt", Integer.class));
                            a.put("at", r.get("at", Instant.class));
                            a.put("status", r.get("status", Integer.class));
                            a.put("error", r.get("error", String.class));
                            a.put("durationMs", r.get("duration_ms", Integer.class));
                            return a;
                        })
                        .all().collectList()
                        .map(list -> {
                            m.put("lastAttempts", list);
                            return m;
                        }));
    }

    static Webhook webhook(Readable r) {
        String[] events = r.get("events", String[].class);
        return new Webhook(r.get("id", String.class), r.get("tenant", String.class), r.get("url", String.class),
                events == null ? List.of() : Arrays.asList(events), r.get("secret", String.class),
                r.get("description", String.class), Boolean.TRUE.equals(r.get("active", Boolean.class)),
                r.get("created_at", Instant.class));
    }
}
