package io.reelpipe.ingest.deletion;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.runtime.JobControl;
import io.reelpipe.pipeline.status.RedisKeys;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies the storage-gateway's {@code AssetDeleted} events (Redis stream {@value #STREAM}, consumer group
 * {@value #GROUP}) to ingest's own data: the asset row becomes {@code DELETED}, jobs still running are cancelled (their
 * Redis status then expires with the job retention), and the Redis status and progress stream of finished jobs are
 * deleted. Then it announces {@code StageEvent.AssetDeleted} on {@code reelpipe.events} for the read models built from
 * that topic (catalog-service). Idempotent; an entry is acknowledged only once applied, and unacknowledged ones are re-read at the next start.
 * Reads on its own Redis connection (XREADGROUP blocks). Off with {@code reelpipe.ingest.deletion-consumer.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "reelpipe.ingest.deletion-consumer.enabled", matchIfMissing = true)
public class AssetDeletionConsumer implements SmartLifecycle {

    public static final String STREAM = "rp:assets:events";
    public static final String GROUP = "reelpipe.ingest";
    private static final Logger log = LoggerFactory.getLogger(AssetDeletionConsumer.class);
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final RedisClient client;
    private final DatabaseClient db;
    private final JobControl jobs;
    private final RedisReactiveCommands<String, String> shared;
    private final io.reelpipe.pipeline.bus.MessageBus bus;
    private final String consumer = "ingest-" + ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile Disposable loop;

    public AssetDeletionConsumer(RedisClient client, DatabaseClient db, JobControl jobs,
                                 StatefulRedisConnection<String, String> reelpipeRedisConnection,
                                 io.reelpipe.pipeline.bus.MessageBus bus) {
        this.bus = bus;
        this.client = client;
        this.db = db;
        this.jobs = jobs;
        this.shared = reelpipeRedisConnection.reactive();
    }

    @Override
    public void start() {
        connection = client.connect();
        RedisReactiveCommands<String, String> redis = connection.reactive();
        Mono<Void> group = redis.xgroupCreate(XReadArgs.StreamOffset.from(STREAM, "0"), GROUP,
                        XGroupCreateArgs.Builder.mkstream())
                .onErrorResume(RedisBusyException.class, e -> Mono.empty()).then();
        // first what this consumer left unacknowledged, then new entries
        Flux<StreamMessage<String, String>> pending = redis.xreadgroup(Consumer.from(GROUP, consumer),
                XReadArgs.Builder.count(100), XReadArgs.StreamOffset.from(STREAM, "0"));
        Flux<StreamMessage<String, String>> fresh = Flux.defer(() -> redis.xreadgroup(Consumer.from(GROUP, consumer),
                        XReadArgs.Builder.count(20).block(Duration.ofSeconds(2)),
                        XReadArgs.StreamOffset.lastConsumed(STREAM)))
                .repeat();
        loop = group.thenMany(pending.concatWith(fresh))
                .concatMap(m -> apply(m).then(redis.xack(STREAM, GROUP, m.getId()))
                        .onErrorResume(e -> {
                            log.warn("AssetDeleted entry {} not applied (retried at the next start): {}", m.getId(),
                                    e.toString());
                            return Mono.empty();
                        }))
                .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30)))
                .subscribe();
    }

    Mono<Void> apply(StreamMessage<String, String> m) {
        var body = m.getBody();
        if (!"AssetDeleted".equals(body.get("type"))) {
            return Mono.empty();
        }
        String tenant = body.get("tenant");
        String assetId = body.get("assetId");
        Mono<Long> asset = db.sql("update assets set state = 'DELETED', updated_at = now() "
                        + "where id = :id and tenant = :tenant and state <> 'DELETED'")
                .bind("id", assetId).bind("tenant", tenant).fetch().rowsUpdated();
        Flux<String[]> assetJobs = db.sql("select id, state from jobs where asset_id = :id and tenant = :tenant")
                .bind("id", assetId).bind("tenant", tenant)
                .map((row, meta) -> new String[] {row.get("id", String.class), row.get("state", String.class)})
                .all();
        java.util.List<String> jobIds = new java.util.ArrayList<>();
        return asset.thenMany(assetJobs).doOnNext(j -> jobIds.add(j[0])).concatMap(j -> TERMINAL.contains(j[1])
                        ? shared.del(RedisKeys.job(j[0]), RedisKeys.jobStream(j[0])).then()
                        : jobs.cancel(j[0], "the asset was deleted", null).then())
                // acknowledged only once Kafka has it: a broker outage re-reads the entry at the next start
                .then(Mono.defer(() -> bus.send(io.reelpipe.pipeline.wire.TaskMessages.event(
                        new io.reelpipe.pipeline.wire.StageEvent.AssetDeleted(
                                io.reelpipe.pipeline.wire.StageEvent.SCHEMA_VERSION, tenant, assetId, jobIds,
                                java.time.Instant.now()), null))))
                .then(Mono.fromRunnable(() -> log.info("asset deleted by the storage gateway: tenant={} assetId={}",
                        tenant, assetId)));
    }

    @Override
    public void stop() {
        Disposable d = loop;
        if (d != null) {
            d.dispose();
        }
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.closeAsync();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
