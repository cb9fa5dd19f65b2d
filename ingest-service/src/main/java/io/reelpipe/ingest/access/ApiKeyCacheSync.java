package io.reelpipe.ingest.access;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.security.SecurityProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.reelpipe.pipeline.runtime.SubscriptionLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Keeps Redis's API-key cache whole. At start it moves keys that exist only in Redis (made before keys were durable)
 * into PostgreSQL and copies every durable key into Redis; then, every {@code reelpipe.api-keys.cache-check-interval},
 * it checks a marker that the copy leaves in Redis and repeats the copy when the marker is gone (Redis flushed,
 * restarted without its data, replaced), so the gateway, which verifies keys against Redis only, sees them again
 * within seconds. The bootstrap admin key is registered again with the copy.
 */
@Component
class ApiKeyCacheSync extends SubscriptionLifecycle {

    /** Set after a complete copy; its absence means the cache must be refilled. */
    static final String MARKER = "rp:apikeys:cache-complete";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyCacheSync.class);

    private final DurableApiKeys keys;
    private final RedisReactiveCommands<String, String> redis;
    private final SecurityProperties security;
    private final Duration every;

    ApiKeyCacheSync(DurableApiKeys keys, StatefulRedisConnection<String, String> reelpipeRedisConnection,
                    SecurityProperties security, ApiKeyStoreProperties props) {
        this.keys = keys;
        this.redis = reelpipeRedisConnection.reactive();
        this.security = security;
        this.every = props.cacheCheckInterval();
    }

    /** One check; {@code force} copies even when the marker is there. Emits the number of keys copied. */
    Mono<Long> round(boolean force) {
        Mono<Boolean> needed = force ? Mono.just(true) : redis.exists(MARKER).map(n -> n == 0);
        return needed.flatMap(go -> go ? copy() : Mono.just(0L));
    }

    private Mono<Long> copy() {
        long t0 = System.nanoTime();
        Mono<Long> adopted = keys.cached()
                .filter(e -> !e.getValue().id().equals(DurableApiKeys.BOOTSTRAP_ID))
                .concatMap(e -> keys.adopt(e.getKey(), e.getValue())).reduce(0L, Long::sum);
        Mono<Long> copied = keys.all().concatMap(e -> keys.cache(e.getKey(), e.getValue()).thenReturn(1L))
                .reduce(0L, Long::sum);
        Mono<?> bootstrap = security.bootstrapAdminKey() == null ? Mono.empty()
                : keys.registerBootstrap(security.bootstrapAdminKey(), security.systemTenant());
        return adopted.flatMap(a -> copied.flatMap(c -> bootstrap.then(redis.set(MARKER, "1")).doOnSuccess(x ->
                log.info("apikey.cache.filled keys={} adoptedFromRedis={} ms={}", c, a,
                        (System.nanoTime() - t0) / 1_000_000)).thenReturn(c)));
    }

    @Override
    protected Disposable subscribe() {
        return PeriodicTask.every(Duration.ZERO, every, i -> round(i == 0),
                e -> log.warn("apikey.cache.check-failed error={}", e.toString()));
    }
}
