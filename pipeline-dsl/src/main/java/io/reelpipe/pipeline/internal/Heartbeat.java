package io.reelpipe.pipeline.internal;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.status.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Keeps {@code rp:pool:{filter}:workers:{instanceId}} alive while a stage runtime runs. */
public final class Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RedisReactiveCommands<String, String> redis;
    private final String key;
    private final RuntimeProperties props;
    private final Supplier<Map<String, String>> load;
    private final Instant startedAt = Instant.now();
    private Disposable loop;

    public Heartbeat(RedisReactiveCommands<String, String> redis, String filter, RuntimeProperties props,
                     Supplier<Map<String, String>> load) {
        this.redis = redis;
        this.key = RedisKeys.worker(filter, props.instanceId());
        this.props = props;
        this.load = load;
    }

    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = PeriodicTask.every(Duration.ZERO, props.heartbeatInterval(), i -> beat(),
                e -> log.warn("event=heartbeat_failed key={} error=\"{}\"", key, e.getMessage()));
    }

    Mono<Void> beat() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", hostName());
        h.put("instanceId", props.instanceId());
        h.put("version", props.version());
        h.put("concurrency", Integer.toString(props.concurrency()));
        h.put("startedAt", startedAt.toString());
        h.put("updatedAt", Instant.now().toString());
        h.putAll(load.get());
        return redis.hset(key, h).then(redis.pexpire(key, props.heartbeatTtl().toMillis())).then();
    }

    /** Stops beating and removes the key. */
    public synchronized Mono<Void> stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
        }
        return redis.del(key).then().onErrorResume(e -> Mono.empty());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
