package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.config.KafkaProperties;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.config.S3Properties;
import io.reelpipe.pipeline.internal.MinioObjectStore;
import io.reelpipe.pipeline.internal.ReactorKafkaBus;
import io.reelpipe.pipeline.internal.RedisJobStatusStore;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.runtime.StageRuntime;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageState;
import io.reelpipe.pipeline.wire.WireFormat;
import io.reelpipe.transcode.support.Decode;
import io.reelpipe.transcode.support.M3u8Checker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunked encoding shared by two transcode workers on the real dev stack (Kafka, Redis, S3Proxy): the worker that
 * runs the stage offers every chunk on {@code reelpipe.stage.transcode}; the other one claims chunks and encodes them
 * straight from a presigned URL of the source; the stage stitches what both made into one aligned HLS ladder.
 */
@WithDevStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedChunkingIT {

    static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    ReactorKafkaBus bus;
    MinioObjectStore store;
    RedisClient redisClient;
    StatefulRedisConnection<String, String> redis;
    RedisJobStatusStore status;
    final List<StageRuntime> runtimes = new ArrayList<>();
    DevStack stack;

    @BeforeAll
    void setUp(DevStack stack) {
        this.stack = stack;
        bus = new ReactorKafkaBus(KafkaProperties.of(stack.kafkaBootstrapServers()));
        store = new MinioObjectStore(S3Properties.of(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                stack.s3Bucket(), stack.s3Region()));
        store.ensureBucket().block(WAIT);
        redisClient = RedisClient.create(stack.redisUri());
        redis = redisClient.connect();
        status = new RedisJobStatusStore(redis.reactive(), Duration.ofDays(1));
    }

    @AfterAll
    void tearDown() {
        runtimes.forEach(r -> r.stopGracefully().block(Duration.ofSeconds(40)));
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        if (bus != null) {
            bus.close();
        }
    }

    StageRuntime worker(String id) throws Exception {
        RuntimeProperties props = new RuntimeProperties(true, id, 1, 2, Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofMillis(200), Files.createDirectories(tmp.resolve("scratch-" + id)), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofDays(1), Duration.ofSeconds(10),
                Duration.ofMillis(300), "it", Duration.ofSeconds(2), Duration.ofSeconds(10));
        StageRuntime r = new StageRuntime(new TranscodeFilter(), bus, store, status, props);
        r.start();
        runtimes.add(r);
        return r;
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoWorkersShareTheChunksOfOneVideoAndTheStageStitchesThem() throws Exception {
        worker("transcode-a");
        worker("transcode-b");
        awaitPoolMembers(2);

        double seconds = 16;
        Path src = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds((long) seconds))
                .audioChannels(2).build().write(tmp.resolve("long.mp4"));
        String asset = "asset-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectRef source = store.putFile(ObjectKeys.source("acme", asset), src, "video/mp4").block(WAIT);
        Map<String, Object> with = Map.of(
                "ladder", List.of(Map.of("name", "360p", "width", 640, "height", 360, "videoBitrate", "800k"), "144p"),
                "segmentSeconds", 1, "preset", "veryfast", "formats", List.of("hls"),
                "chunking", Map.of("thresholdSeconds", 4, "chunkSeconds", 2));
        Pipeline pipeline = Pipeline.named("shared-chunks").stage("transcode", "transcode", with).build();
        String job = "job-" + UUID.randomUUID();
        JobLauncher.launch(bus, status, job, asset, "acme", pipeline, source, Map.of("durationSeconds", seconds),
                Map.of(), null).block(WAIT);

        JobSnapshot s = awaitJob(job);
        assertThat(s.state()).as("job %s: %s", job, s).isEqualTo(JobState.COMPLETED);
        assertThat(s.stages().getFirst().state()).isEqualTo(StageState.COMPLETED);

        StageManifest m = WireFormat.read(store.getBytes(ObjectKeys.manifest("acme", asset, "transcode")).block(WAIT),
                StageManifest.class);
        Map<String, Object> chunking = (Map<String, Object>) m.details().get("chunking");
        assertThat(chunking).containsEntry("chunked", true).containsEntry("chunks", 8).containsEntry("shared", true);
        Map<String, Integer> by = (Map<String, Integer>) chunking.get("encodedBy");
        // both workers encoded chunks, and every chunk was encoded exactly once
        assertThat(by).containsOnlyKeys("transcode-a", "transcode-b");
        assertThat(by.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);

        // the stitched ladder plays: master and media playlists parse, every segment decodes, rungs line up
        Path out = Files.createDirectories(tmp.resolve("out"));
        String prefix = ObjectKeys.stageOutput("acme", asset, "transcode", "hls/master.m3u8").replace("master.m3u8", "");
        for (ObjectRef o : store.list(prefix).collectList().block(WAIT)) {
            if (!o.key().substring(o.key().lastIndexOf('/') + 1).contains(".")) {
                continue; // S3Proxy's filesystem backend lists its directories too
            }
            Path local = out.resolve(o.key().substring(prefix.length()));
            Files.createDirectories(local.getParent());
            store.download(o.key(), local).block(WAIT);
        }
        List<M3u8Checker.Variant> variants = M3u8Checker.master(out.resolve("master.m3u8"));
        assertThat(variants).extracting(M3u8Checker.Variant::resolution).containsExactly("640x360", "256x144");
        List<M3u8Checker.Media> medias = new ArrayList<>();
        for (M3u8Checker.Variant v : variants) {
            Path playlist = out.resolve(v.uri());
            M3u8Checker.Media media = M3u8Checker.media(playlist);
            medias.add(media);
            assertThat(media.total()).isCloseTo(seconds, within(0.1));
            for (String uri : media.uris()) {
                Path seg = playlist.getParent().resolve(uri);
                assertThat(MediaProbe.probe(seg).hasAudio()).as(uri).isTrue();
                Decode.fully(seg);
            }
        }
        assertThat(medias.get(1).durations()).hasSameSizeAs(medias.get(0).durations());
        for (int i = 0; i < medias.get(0).durations().size(); i++) {
            assertThat(medias.get(1).durations().get(i)).isCloseTo(medias.get(0).durations().get(i), within(0.001));
        }
        // the chunk checkpoints (whoever wrote them) are gone once the outputs are stored, and were never outputs
        assertThat(store.list(prefix.replace("/hls/", "/chunks/")).collectList().block(WAIT))
                .extracting(ObjectRef::key).filteredOn(k -> k.endsWith(".ts") || k.endsWith(".json")).isEmpty();
        assertThat(m.outputs()).noneMatch(o -> o.name().startsWith("chunks/"));
    }

    JobSnapshot awaitJob(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<JobSnapshot> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = status.snapshot(jobId).block(Duration.ofSeconds(5));
            if (last.isPresent() && last.get().state().terminal()) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not end within " + WAIT + "; last: " + last);
    }

    /** Both workers must hold partitions before the job starts, or the second one joins after the work is done. */
    void awaitPoolMembers(int members) {
        bus.awaitConsumers(StageRuntime.group("transcode"), members, Duration.ofSeconds(60)).block(Duration.ofSeconds(70));
    }
}
