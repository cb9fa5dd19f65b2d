package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.gateway.retention.RetentionSweeper;
import io.reelpipe.pipeline.security.Role;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.storage.ObjectKeys;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** DELETE /v1/assets/{id}: everything removed, job status dropped, idempotent, announced; retention of sources. */
class DeletionAndRetentionTest extends GatewayTestSupport {

    @Autowired
    StatefulRedisConnection<String, String> redis;
    @Autowired
    RetentionSweeper sweeper;

    @Test
    void deleteRemovesEverythingOnceAndSaysWhat() throws Exception {
        String t = "del";
        String a = "asset-delete";
        putAsset(t, a);
        put("del", "asset-keep", "subtitle", "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8), "text/vtt");
        // (S3Proxy's filesystem backend also lists folder markers 'x/': not objects)
        long objects = store.list(ObjectKeys.assetPrefix(t, a)).filter(o -> !o.key().endsWith("/")).count()
                .block(WAIT);
        long bytes = store.list(ObjectKeys.assetPrefix(t, a)).map(o -> o.size()).reduce(0L, Long::sum).block(WAIT);
        redis.sync().hset(RedisKeys.job("job-" + a), "state", "COMPLETED");
        redis.sync().xadd(RedisKeys.jobStream("job-" + a), "kind", "job");

        String uploader = key(t, Role.UPLOADER);
        HttpResponse<byte[]> r = send("DELETE", "/v1/assets/" + a, uploader);
        assertThat(r.statusCode()).isEqualTo(200);
        String body = text(r);
        assertThat(body).contains("\"removedObjects\":" + objects, "\"removedBytes\":" + bytes,
                "\"alreadyDeleted\":false", "\"jobIds\":[\"job-" + a + "\"]", "source/original",
                "transcode/hls/master.m3u8");
        assertThat(store.list(ObjectKeys.assetPrefix(t, a)).count().block(WAIT)).isZero();
        assertThat(redis.sync().exists(RedisKeys.job("job-" + a), RedisKeys.jobStream("job-" + a))).isZero();
        assertThat(store.list(ObjectKeys.assetPrefix(t, "asset-keep")).map(o -> o.key())
                .filter(k -> !k.endsWith("/")).collectList().block(WAIT))
                .containsExactly("del/asset-keep/subtitle/en.vtt");
        // announced for ingest
        var events = redis.sync().xrevrange("rp:assets:events", io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(20));
        assertThat(events).anySatisfy(m -> {
            assertThat(m.getBody()).containsEntry("type", "AssetDeleted").containsEntry("tenant", t)
                    .containsEntry("assetId", a).containsEntry("objects", Long.toString(objects));
        });

        HttpResponse<byte[]> again = send("DELETE", "/v1/assets/" + a, uploader);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(text(again)).contains("\"removedObjects\":0", "\"alreadyDeleted\":true");
        assertThat(send("DELETE", "/v1/assets/never-was", uploader).statusCode()).isEqualTo(404);
    }

    @Test
    void retentionDeletesOldSourcesOfConfiguredTenantsOnly() {
        put("ret", "old", "subtitle", "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8), "text/vtt");
        store.putBytes(ObjectKeys.source("ret", "old"), new byte[] {1, 2, 3}, "video/mp4").block(WAIT);
        store.putBytes(ObjectKeys.source("noret", "old"), new byte[] {1, 2, 3}, "video/mp4").block(WAIT);
        // as of now, nothing is 3 days old
        assertThat(sweeper.sweep(Instant.now()).block(WAIT)).isZero();
        // four days later the configured tenant's source goes; outputs and other tenants stay
        assertThat(sweeper.sweep(Instant.now().plus(Duration.ofDays(4))).block(WAIT)).isEqualTo(1);
        assertThat(store.stat(ObjectKeys.source("ret", "old")).block(WAIT)).isEmpty();
        assertThat(store.stat(ObjectKeys.stageOutput("ret", "old", "subtitle", "en.vtt")).block(WAIT)).isPresent();
        assertThat(store.stat(ObjectKeys.source("noret", "old")).block(WAIT)).isPresent();
        assertThat(List.of(sweeper.sweep(Instant.now().plus(Duration.ofDays(4))).block(WAIT))).containsExactly(0L);
    }
}
