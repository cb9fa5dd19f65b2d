package io.reelpipe.pipeline.internal;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.status.RedisKeys;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-minute counters of a pool's completed and failed stages in Redis ({@link RedisKeys#poolDone},
 * {@link RedisKeys#poolFailed}), what {@code /admin/pools} reads throughput and failure rate from. Written beside the
 * stage (fire and forget): a counter is not worth delaying or failing a stage for.
 */
public final class PoolCounters {

    private static final Logger log = LoggerFactory.getLogger(PoolCounters.class);

    private final RedisReactiveCommands<String, String> redis;
    private final String filter;

    public PoolCounters(RedisReactiveCommands<String, String> redis, String filter) {
        this.redis = redis;
        this.filter = filter;
    }

    void done() {
        bump(m -> RedisKeys.poolDone(filter, m));
    }

    void failed() {
        bump(m -> RedisKeys.poolFailed(filter, m));
    }

    private void bump(LongFunction<String> key) {
        if (redis == null) {
            return;
        }
        String k = key.apply(System.currentTimeMillis() / 60_000);
        redis.incr(k).then(redis.expire(k, RedisKeys.POOL_COUNTER_TTL_SECONDS))
                .subscribe(v -> { }, e -> log.debug("event=pool_counter_failed key={} error=\"{}\"", k, e.toString()));
    }
}
