package io.reelpipe.ingest.admin;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.pipeline.config.KafkaProperties;
import io.reelpipe.pipeline.model.FilterCatalogue;
import io.reelpipe.pipeline.model.FilterDescriptor;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.runtime.StageRuntime;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What operators see of the worker pools and how they steer them: backlog (consumer-group lag per partition and the
 * oldest queued task), live workers from their heartbeats, throughput and failures from the runtimes' per-minute
 * counters, an estimated time to drain, and the pool settings in Redis that every runtime of the pool applies live
 * ({@code rp:pool:{filter}:concurrency}, {@code rp:pool:{filter}:paused}). Also keeps the gauge
 * {@code reelpipe.pool.lag{filter}} fresh.
 */
@Service
public class PoolAdminService {

    private static final Logger log = LoggerFactory.getLogger(PoolAdminService.class);
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    static final Duration OLDEST_WAIT = Duration.ofSeconds(2);
    static final Duration LAG_REFRESH = Duration.ofSeconds(30);

    private final RedisReactiveCommands<String, String> redis;
    private final RuntimeStatusStore status;
    private final KafkaBacklog kafka;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> lagGauges = new ConcurrentHashMap<>();
    private final Disposable refresher;

    public PoolAdminService(StatefulRedisConnection<String, String> reelpipeRedisConnection, JobStatusStore status,
                            KafkaProperties kafka, ObjectProvider<MeterRegistry> meters) {
        this.redis = reelpipeRedisConnection.reactive();
        this.status = (RuntimeStatusStore) status;
        this.kafka = new KafkaBacklog(kafka, KAFKA_TIMEOUT);
        this.meters = meters.getIfUnique(() -> null);
        this.refresher = this.meters == null ? null : PeriodicTask.every(LAG_REFRESH, LAG_REFRESH,
                i -> filters().flatMapMany(Flux::fromIterable)
                        .concatMap(f -> lag(f).doOnNext(l -> lagGauge(f, l.stream()
                                .mapToLong(KafkaBacklog.PartitionLag::lag).sum())))
                        .then(),
                e -> log.debug("event=lag_refresh_failed error=\"{}\"", e.toString()));
    }

    @PreDestroy
    void close() {
        if (refresher != null) {
            refresher.dispose();
        }
        kafka.close();
    }

    /** The pools: every filter registered by a worker ({@code rp:filters}) plus the shipped catalogue, sorted. */
    public Mono<List<String>> filters() {
        return status.filters().onErrorReturn(List.of()).map(registered -> {
            TreeSet<String> names = new TreeSet<>();
            FilterCatalogue.builtIn().forEach(d -> names.add(d.name()));
            registered.stream().map(FilterDescriptor::name).forEach(names::add);
            return List.copyOf(names);
        });
    }

    public Mono<Boolean> known(String filter) {
        return filters().map(l -> l.contains(filter));
    }

    /** Every pool's summary. */
    public Mono<List<Map<String, Object>>> pools() {
        return filters().flatMapMany(Flux::fromIterable)
                .flatMapSequential(f -> pool(f, false), 4)
                .collectList();
    }

    /** One pool; {@code detail} adds each worker and every partition. */
    public Mono<Map<String, Object>> pool(String filter, boolean detail) {
        Instant now = Instant.now();
        Mono<List<KafkaBacklog.PartitionLag>> lag = lag(filter).onErrorResume(e -> {
            log.warn("event=pool_lag_failed filter={} error=\"{}\"", filter, e.toString());
            return Mono.just(List.of());
        }).cache();
        Mono<Map<TopicPartition, Instant>> oldest = lag.flatMap(l -> {
            List<KafkaBacklog.PartitionLag> lagging = l.stream().filter(p -> p.lag() > 0).toList();
            return lagging.isEmpty() ? Mono.just(Map.<TopicPartition, Instant>of())
                    : Mono.fromCallable(() -> kafka.oldest(lagging, OLDEST_WAIT)).subscribeOn(Schedulers.boundedElastic())
                    .onErrorReturn(Map.of());
        });
        return Mono.zip(lag, oldest, workers(filter), counts(filter, now), settings(filter)).map(t -> {
            List<KafkaBacklog.PartitionLag> parts = t.getT1();
            long total = parts.stream().mapToLong(KafkaBacklog.PartitionLag::lag).sum();
            lagGauge(filter, total);
            List<Map<String, Object>> workers = t.getT3();
            Counts c = t.getT4();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filter", filter);
            m.put("topics", List.of(Topics.stage(filter), Topics.stageHigh(filter)));
            m.put("consumerGroup", StageRuntime.group(filter));
            Map<String, Object> lagView = new LinkedHashMap<>();
            lagView.put("total", total);
            lagView.put("partitions", parts.stream().filter(p -> detail || p.lag() > 0).map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("topic", p.topic());
                pm.put("partition", p.partition());
                pm.put("endOffset", p.endOffset());
                pm.put("committedOffset", p.committedOffset());
                pm.put("lag", p.lag());
                return pm;
            }).toList());
            m.put("lag", lagView);
            Instant oldestAt = t.getT2().values().stream().min(Comparator.naturalOrder()).orElse(null);
            m.put("oldestQueuedAt", oldestAt == null ? null : oldestAt.toString());
            m.put("oldestQueuedAgeSeconds", oldestAt == null ? null
                    : Math.max(0, Duration.between(oldestAt, now).toMillis()) / 1000.0);
            m.put("workers", workers.size());
            m.put("inFlight", workers.stream().mapToLong(w -> asLong(w.get("inFlight"))).sum());
            m.put("capacity", workers.stream().mapToLong(w -> asLong(w.get("concurrency"))).sum());
            Settings s = t.getT5();
            m.put("concurrency", s.concurrency());
            m.put("paused", s.paused());
            Map<String, Object> throughput = new LinkedHashMap<>();
            throughput.put("1m", round(c.rate(1)));
            throughput.put("5m", round(c.rate(5)));
            throughput.put("15m", round(c.rate(15)));
            m.put("throughputPerMinute", throughput);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("completed15m", c.done(15));
            done.put("failed15m", c.failed(15));
            m.put("counts", done);
            // per minute, oldest first, the current partial minute last: the console's chart of the last minutes
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("completed", c.oldestFirst(c.done()));
            series.put("failed", c.oldestFirst(c.failed()));
            m.put("perMinute", series);
            long all = c.done(15) + c.failed(15);
            m.put("failureRate", all == 0 ? null : round((double) c.failed(15) / all));
            double perMinute = c.rate(5) > 0 ? c.rate(5) : c.rate(1) > 0 ? c.rate(1) : c.rate(15);
            m.put("etaSeconds", total == 0 ? Long.valueOf(0) : perMinute > 0 ? Math.round(total / perMinute * 60) : null);
            if (detail) {
                m.put("workerList", workers);
            }
            return m;
        });
    }

    /** Sets the per-instance concurrency of a pool (null: back to each instance's configured value). */
    public Mono<Void> setConcurrency(String filter, Integer n) {
        String key = RedisKeys.poolConcurrency(filter);
        return (n == null ? redis.del(key) : redis.set(key, Integer.toString(n))).then();
    }

    public Mono<Void> setPaused(String filter, boolean paused) {
        String key = RedisKeys.poolPaused(filter);
        return (paused ? redis.set(key, "1") : redis.del(key)).then();
    }

    record Settings(Integer concurrency, boolean paused) {
    }

    Mono<Settings> settings(String filter) {
        return redis.mget(RedisKeys.poolConcurrency(filter), RedisKeys.poolPaused(filter)).collectList().map(kv -> {
            String c = kv.get(0).getValueOrElse(null);
            String p = kv.get(1).getValueOrElse(null);
            Integer conc = null;
            try {
                conc = c == null ? null : Integer.valueOf(c.strip());
            } catch (NumberFormatException ignored) {
                // a value no runtime applies either
            }
            return new Settings(conc, "1".equals(p) || "true".equalsIgnoreCase(p));
        });
    }

    private Mono<List<KafkaBacklog.PartitionLag>> lag(String filter) {
        return Mono.fromCallable(() -> kafka.lag(StageRuntime.group(filter),
                        List.of(Topics.stage(filter), Topics.stageHigh(filter))))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Live heartbeats of a pool, by instance id. */
    Mono<List<Map<String, Object>>> workers(String filter) {
        return ScanStream.scan(redis, ScanArgs.Builder.matches(RedisKeys.workersPattern(filter)).limit(200))
                .flatMap(key -> redis.hgetall(key).collectMap(KeyValue::getKey, KeyValue::getValue), 8)
                .filter(h -> !h.isEmpty())
                .map(PoolAdminService::worker)
                .sort(Comparator.comparing(w -> String.valueOf(w.get("instanceId"))))
                .collectList();
    }

    private static Map<String, Object> worker(Map<String, String> h) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("instanceId", h.get("instanceId"));
        w.put("host", h.get("host"));
        w.put("version", h.get("version"));
        w.put("concurrency", asLong(h.get("concurrency")));
        w.put("inFlight", asLong(h.get("inFlight")));
        w.put("waiting", asLong(h.get("waiting")));
        w.put("paused", "true".equals(h.get("paused")));
        w.put("processed", asLong(h.get("processed")));
        w.put("failed", asLong(h.get("failed")));
        w.put("startedAt", h.get("startedAt"));
        w.put("updatedAt", h.get("updatedAt"));
        Object tasks = List.of();
        if (h.get("tasks") != null) {
            try {
                tasks = WireFormat.mapper().readValue(h.get("tasks"), List.class);
            } catch (RuntimeException e) {
                tasks = List.of();
            }
        }
        w.put("tasks", tasks);
        return w;
    }

    /** Completed and failed stages per minute bucket, the current (partial) minute first. */
    record Counts(long[] done, long[] failed, double currentMinuteFraction) {
        long done(int minutes) {
            return sum(done, minutes);
        }

        long failed(int minutes) {
            return sum(failed, minutes);
        }

        /** Completions per minute over the last {@code minutes} whole minutes plus the current one. */
        double rate(int minutes) {
            return sum(done, minutes) / (minutes + currentMinuteFraction);
        }

        List<Long> oldestFirst(long[] a) {
            List<Long> out = new ArrayList<>(a.length);
            for (int i = a.length - 1; i >= 0; i--) {
                out.add(a[i]);
            }
            return out;
        }

        private static long sum(long[] a, int minutes) {
            long s = 0;
            for (int i = 0; i <= minutes && i < a.length; i++) {
                s += a[i];
            }
            return s;
        }
    }

    Mono<Counts> counts(String filter, Instant now) {
        long minute = now.getEpochSecond() / 60;
        double fraction = (now.toEpochMilli() % 60_000) / 60_000.0;
        String[] keys = new String[32];
        for (int i = 0; i < 16; i++) {
            keys[i] = RedisKeys.poolDone(filter, minute - i);
            keys[16 + i] = RedisKeys.poolFailed(filter, minute - i);
        }
        return redis.mget(keys).collectList().map(kv -> {
            long[] done = new long[16];
            long[] failed = new long[16];
            for (int i = 0; i < 16; i++) {
                done[i] = asLong(kv.get(i).getValueOrElse(null));
                failed[i] = asLong(kv.get(16 + i).getValueOrElse(null));
            }
            return new Counts(done, failed, fraction);
        });
    }

    private void lagGauge(String filter, long lag) {
        if (meters == null) {
            return;
        }
        lagGauges.computeIfAbsent(filter, f -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("reelpipe.pool.lag", v, AtomicLong::get)
                    .description("tasks queued or in flight in the pool's consumer group (Kafka lag)")
                    .tag("filter", f).register(meters);
            return v;
        }).set(lag);
    }

    private static long asLong(Object o) {
        if (o == null) {
            return 0;
        }
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(o.toString().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
