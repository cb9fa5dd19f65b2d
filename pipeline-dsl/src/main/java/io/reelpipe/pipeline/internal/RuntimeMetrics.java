package io.reelpipe.pipeline.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Micrometer meters of one filter's runtime (all tagged {@code filter}); a no-op without a registry.
 * <ul>
 *   <li>{@code reelpipe.stage.duration} (timer, histogram buckets for percentiles; tag {@code outcome}: completed,
 *       failed, retry, cancelled, abandoned) — one sample per attempt that ran the filter;</li>
 *   <li>{@code reelpipe.stage.tasks} (counter; tag {@code outcome}, plus skipped and dropped for tasks that never ran);</li>
 *   <li>{@code reelpipe.stage.bytes} (counter; tag {@code direction}: in = downloads, out = uploads);</li>
 *   <li>gauges {@code reelpipe.stage.inflight}, {@code reelpipe.stage.waiting}, {@code reelpipe.pool.concurrency},
 *       {@code reelpipe.pool.paused}.</li>
 * </ul>
 */
public final class RuntimeMetrics {

    private final MeterRegistry registry;
    private final String filter;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter bytesIn;
    private final Counter bytesOut;

    public RuntimeMetrics(MeterRegistry registry, String filter) {
        this.registry = registry;
        this.filter = filter;
        this.bytesIn = registry == null ? null : Counter.builder("reelpipe.stage.bytes").baseUnit("bytes")
                .description("bytes stages downloaded (in) and uploaded (out)")
                .tags("filter", filter, "direction", "in").register(registry);
        this.bytesOut = registry == null ? null : Counter.builder("reelpipe.stage.bytes").baseUnit("bytes")
                .description("bytes stages downloaded (in) and uploaded (out)")
                .tags("filter", filter, "direction", "out").register(registry);
    }

    public static RuntimeMetrics none(String filter) {
        return new RuntimeMetrics(null, filter);
    }

    void gauge(String name, String description, Supplier<Number> value) {
        if (registry != null) {
            Gauge.builder(name, value).description(description).tag("filter", filter).register(registry);
        }
    }

    /** One attempt of the filter ended. */
    void attempt(String outcome, long nanos) {
        if (registry == null) {
            return;
        }
        timers.computeIfAbsent(outcome, o -> Timer.builder("reelpipe.stage.duration")
                        .description("how long stage attempts ran the filter")
                        .tags("filter", filter, "outcome", o)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        task(outcome);
    }

    /** A task ended with {@code outcome} (also those that never ran the filter: skipped, dropped). */
    void task(String outcome) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent(outcome, o -> Counter.builder("reelpipe.stage.tasks")
                .description("stage tasks by outcome").tags("filter", filter, "outcome", o).register(registry))
                .increment();
    }

    void bytesIn(long n) {
        if (bytesIn != null && n > 0) {
            bytesIn.increment(n);
        }
    }

    void bytesOut(long n) {
        if (bytesOut != null && n > 0) {
            bytesOut.increment(n);
        }
    }
}
