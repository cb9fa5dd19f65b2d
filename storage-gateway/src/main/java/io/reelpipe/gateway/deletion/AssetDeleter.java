package io.reelpipe.gateway.deletion;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.gateway.GatewayProperties;
import io.reelpipe.gateway.storage.ObjectReader;
import io.reelpipe.gateway.storage.StoredObject;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes an asset: every object under {@code {tenant}/{assetId}/} (source and outputs), the Redis status and
 * progress stream of every job named in its stage manifests, then leaves a tombstone (so a repeated DELETE answers
 * 200 with nothing removed) and announces {@code AssetDeleted} on the Redis stream {@value #EVENTS_STREAM}; ingest
 * consumes it to mark its asset and job rows DELETED and drop what the manifests did not name (the gateway never
 * reads ingest's tables).
 */
@Component
public class AssetDeleter {

    /** Redis stream of asset lifecycle events: fields {@code type, tenant, assetId, objects, bytes, jobIds, at}. */
    public static final String EVENTS_STREAM = "rp:assets:events";
    private static final Logger log = LoggerFactory.getLogger(AssetDeleter.class);
    private static final int MAX_LISTED = 1000;

    private final ObjectReader reader;
    private final RedisReactiveCommands<String, String> redis;
    private final GatewayProperties props;

    public AssetDeleter(ObjectReader reader, StatefulRedisConnection<String, String> reelpipeRedisConnection,
                        GatewayProperties props) {
        this.reader = reader;
        this.redis = reelpipeRedisConnection.reactive();
        this.props = props;
    }

    public static String tombstone(String tenant, String assetId) {
        return RedisKeys.PREFIX + "gateway:deleted:" + tenant + ":" + assetId;
    }

    /** Empty when the tenant has no such asset and never had one deleted (404). */
    public Mono<DeletionReport> delete(String tenant, String assetId) {
        String prefix = ObjectKeys.assetPrefix(tenant, assetId);
        return reader.listRaw(prefix).collectList().flatMap(all -> {
            List<StoredObject> objects = all.stream().filter(o -> !o.key().endsWith("/")).toList();
            List<StoredObject> markers = all.stream().filter(o -> o.key().endsWith("/")).toList();
            if (objects.isEmpty()) {
                return redis.exists(tombstone(tenant, assetId)).flatMap(n -> n > 0
                        ? Mono.just(new DeletionReport(assetId, tenant, 0, 0, List.of(), List.of(), true))
                        : Mono.empty());
            }
            return jobIds(objects).flatMap(jobs -> Flux.fromIterable(objects)
                    .flatMap(o -> reader.delete(o.key()), 8)
                    .thenMany(Flux.fromIterable(markers).concatMap(o -> reader.delete(o.key())
                            .onErrorResume(e -> Mono.empty())))
                    .then(deleteJobKeys(jobs))
                    .then(redis.setex(tombstone(tenant, assetId), props.tombstoneTtl().toSeconds(),
                            Instant.now().toString()))
                    .then(Mono.defer(() -> {
                        long bytes = objects.stream().mapToLong(StoredObject::size).sum();
                        List<String> files = objects.stream().limit(MAX_LISTED)
                                .map(o -> o.key().substring(prefix.length())).toList();
                        DeletionReport report = new DeletionReport(assetId, tenant, objects.size(), bytes, files,
                                jobs, false);
                        log.info("asset deleted tenant={} assetId={} objects={} bytes={} jobs={}", tenant, assetId,
                                objects.size(), bytes, jobs);
                        return publish(report).thenReturn(report);
                    })));
        });
    }

    /** The job ids named in the asset's stage manifests ({@code {stage}/manifest.json}). */
    private Mono<List<String>> jobIds(List<StoredObject> objects) {
        return Flux.fromIterable(objects)
                .filter(o -> o.key().endsWith("/manifest.json") && o.key().split("/").length == 4)
                .flatMap(o -> reader.readAll(o.key())
                        .map(b -> WireFormat.mapper().readTree(b).path("jobId").asString(""))
                        .onErrorResume(e -> {
                            log.warn("unreadable manifest {}: {}", o.key(), e.toString());
                            return Mono.empty();
                        }), 4)
                .filter(id -> id != null && !id.isBlank())
                .distinct().collectList();
    }

    private Mono<Void> deleteJobKeys(List<String> jobs) {
        if (jobs.isEmpty()) {
            return Mono.empty();
        }
        String[] keys = jobs.stream().flatMap(j -> java.util.stream.Stream.of(RedisKeys.job(j), RedisKeys.jobStream(j)))
                .toArray(String[]::new);
        return redis.del(keys).then();
    }

    Mono<String> publish(DeletionReport r) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("type", "AssetDeleted");
        body.put("tenant", r.tenant());
        body.put("assetId", r.assetId());
        body.put("objects", Integer.toString(r.removedObjects()));
        body.put("bytes", Long.toString(r.removedBytes()));
        body.put("jobIds", String.join(",", r.jobIds()));
        body.put("at", Instant.now().toString());
        return redis.xadd(EVENTS_STREAM, XAddArgs.Builder.maxlen(10_000).approximateTrimming(), body);
    }
}
