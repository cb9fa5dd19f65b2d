package io.reelpipe.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.config.RuntimeProperties;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A heartbeat write that takes longer than several intervals (Redis failing over, a GC pause) must only skip beats:
 * an interval whose ticks find no demand otherwise ends the loop with an overflow error, and the worker would look
 * dead to operators and to the watchdog from then on.
 */
class HeartbeatTest {

    @Test
    void aSlowBeatSkipsTicksAndTheHeartbeatGoesOn() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        @SuppressWarnings("unchecked")
        RedisReactiveCommands<String, String> redis = (RedisReactiveCommands<String, String>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RedisReactiveCommands.class}, (proxy, method, args) ->
                        switch (method.getName()) {
                            // the second beat hangs for ten intervals
                            case "hset" -> writes.incrementAndGet() == 2
                                    ? Mono.delay(Duration.ofMillis(500)).thenReturn(1L) : Mono.just(1L);
                            case "pexpire" -> Mono.just(true);
                            case "del" -> Mono.just(1L);
                            default -> throw new UnsupportedOperationException(method.getName());
                        });
        RuntimeProperties props = new RuntimeProperties(true, "hb-test", 1, 1, null, null, null,
                Path.of(System.getProperty("java.io.tmpdir")), null, Duration.ofMillis(50), Duration.ofSeconds(1),
                null, null, null, "test");
        Heartbeat heartbeat = new Heartbeat(redis, "poster", props, Map::of);
        heartbeat.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (writes.get() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(writes.get()).as("beats after the slow one").isGreaterThanOrEqualTo(6);
        } finally {
            heartbeat.stop().block(Duration.ofSeconds(5));
        }
    }
}
