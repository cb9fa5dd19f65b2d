package io.reelpipe.ingest.access;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.r2dbc.spi.Readable;
import io.reelpipe.pipeline.security.ApiKeyRecord;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.CreatedApiKey;
import io.reelpipe.pipeline.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys with PostgreSQL as their one durable owner and Redis as the cache every service verifies against: a key
 * is written to the {@code api_keys} table before it reaches Redis, listings and lookups read the table, and a key
 * missing from Redis (flushed, lost, a fresh instance) is looked up in the table and put back. {@link ApiKeyCacheSync}
 * refills the whole cache when Redis lost it, for the services that only read Redis (the storage gateway).
 */
public class DurableApiKeys extends ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(DurableApiKeys.class);

    private final DatabaseClient db;

    public DurableApiKeys(RedisReactiveCommands<String, String> redis, String environment, DatabaseClient db) {
        this(redis, environment, db, Clock.systemUTC());
    }

    DurableApiKeys(RedisReactiveCommands<String, String> redis, String environment, DatabaseClient db, Clock clock) {
        super(redis, environment, clock);
        this.db = db;
    }

    @Override
    public Mono<CreatedApiKey> create(String tenant, Set<Role> roles, String name) {
        return Mono.fromCallable(() -> mint(tenant, roles, name)).flatMap(created -> {
            String hash = sha256Hex(created.key());
            ApiKeyRecord r = created.record();
            return db.sql("insert into api_keys (key_hash, id, tenant, roles, name, created_at) "
                            + "values (:hash, :id, :tenant, :roles, :name, :created)")
                    .bind("hash", hash).bind("id", r.id()).bind("tenant", r.tenant())
                    .bind("roles", Role.format(r.roles())).bind("name", r.name()).bind("created", r.createdAt())
                    .fetch().rowsUpdated()
                    // durable now; a cache write that fails is repaired on the key's first use or by the sync
                    .then(cacheQuietly(hash, r))
                    .thenReturn(created);
        });
    }

    @Override
    public Mono<ApiKeyRecord> verify(String clearKey) {
        if (!plausibleKey(clearKey)) {
            return Mono.empty();
        }
        String hash = sha256Hex(clearKey);
        return super.verify(clearKey)
                .switchIfEmpty(Mono.defer(() -> byHash(hash)
                        .flatMap(r -> cacheQuietly(hash, r).thenReturn(r))
                        .filter(r -> !r.revoked())));
    }

    @Override
    public Flux<ApiKeyRecord> list(String tenant) {
        return db.sql("select * from api_keys where tenant = :t order by created_at, id").bind("t", tenant)
                .map(DurableApiKeys::record).all();
    }

    @Override
    public Mono<ApiKeyRecord> find(String id) {
        if (!wellFormedId(id)) {
            return Mono.empty();
        }
        return db.sql("select * from api_keys where id = :id").bind("id", id).map(DurableApiKeys::record).one()
                .switchIfEmpty(super.find(id)); // the bootstrap key lives in Redis only (it comes from configuration)
    }

    @Override
    public Mono<ApiKeyRecord> revoke(String id) {
        if (!wellFormedId(id)) {
            return Mono.empty();
        }
        return db.sql("update api_keys set revoked_at = coalesce(revoked_at, :now) where id = :id "
                        + "returning key_hash, id, tenant, roles, name, created_at, revoked_at")
                .bind("now", Instant.now()).bind("id", id)
                .map(row -> Map.entry(row.get("key_hash", String.class), record(row))).one()
                // revocation must reach the cache: a failure here fails the request, so the caller retries
                .flatMap(e -> cache(e.getKey(), e.getValue()).thenReturn(e.getValue()))
                .switchIfEmpty(super.revoke(id));
    }

    /** Every durable key with its hash, for {@link ApiKeyCacheSync}. */
    Flux<Map.Entry<String, ApiKeyRecord>> all() {
        return db.sql("select * from api_keys").map(row -> Map.entry(row.get("key_hash", String.class),
                record(row))).all();
    }

    /** Moves a key known only to Redis (made before keys were durable) into the table; no-op when it is there. */
    Mono<Long> adopt(String hash, ApiKeyRecord r) {
        return db.sql("insert into api_keys (key_hash, id, tenant, roles, name, created_at, revoked_at) "
                        + "values (:hash, :id, :tenant, :roles, :name, :created, :revoked) on conflict do nothing")
                .bind("hash", hash).bind("id", r.id()).bind("tenant", r.tenant())
                .bind("roles", Role.format(r.roles())).bind("name", r.name()).bind("created", r.createdAt())
                .bind("revoked", Parameter.fromOrEmpty(r.revokedAt(), Instant.class))
                .fetch().rowsUpdated();
    }

    private Mono<ApiKeyRecord> byHash(String hash) {
        return db.sql("select * from api_keys where key_hash = :h").bind("h", hash).map(DurableApiKeys::record).one();
    }

    private Mono<Void> cacheQuietly(String hash, ApiKeyRecord r) {
        return cache(hash, r).onErrorResume(e -> {
            log.warn("apikey.cache.failed id={} error={}", r.id(), e.toString());
            return Mono.empty();
        });
    }

    private static ApiKeyRecord record(Readable row) {
        return new ApiKeyRecord(row.get("id", String.class), row.get("tenant", String.class),
                Role.parseAll(row.get("roles", String.class)), row.get("name", String.class),
                row.get("created_at", Instant.class), row.get("revoked_at", Instant.class));
    }
}
