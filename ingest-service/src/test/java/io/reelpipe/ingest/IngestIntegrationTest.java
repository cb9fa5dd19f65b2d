package io.reelpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.devstack.junit.DevStackExtension;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.ingest.outbox.OutboxMessage;
import io.reelpipe.ingest.outbox.OutboxRelay;
import io.reelpipe.ingest.outbox.OutboxRepository;
import io.reelpipe.ingest.pipeline.PipelineRegistry;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** The ingest slice against the real dev stack (Kafka, PostgreSQL, Redis, S3Proxy). */
class IngestIntegrationTest extends IngestTestBase {

    @TempDir
    static Path tmp;
    static Path clip;
    static byte[] clipBytes;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = SyntheticVideo.builder().size(320, 180).fps(15).duration(Duration.ofSeconds(3)).audioChannels(1)
                .build().write(tmp.resolve("clip.mp4"));
        clipBytes = Files.readAllBytes(clip);
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    OutboxRelay relay;
    @Autowired
    OutboxRepository outbox;
    @Autowired
    PipelineRegistry pipelines;
    @Autowired
    MessageBus bus;
    @Autowired
    JobStatusStore status;
    @Autowired
    ObjectStore objects;

    WebTestClient http;
    static KafkaConsumer<String, byte[]> tasks;
    static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void closeConsumer() {
        if (tasks != null) {
            tasks.close();
            tasks = null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void uploadOfAVideoQueuesAJobEverywhere() throws Exception {
        String tenant = "t-video";
        JsonNode body = http.post().uri(b -> b.path("/v1/assets").queryParam("filename", "clip.mp4").queryParam("title", "Spring ad").build())
                .header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.parseMediaType("video/mp4"))
                .bodyValue(clipBytes)
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/v1/jobs/[0-9a-f-]{36}")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String assetId = body.get("assetId").asString();
        String jobId = body.get("jobId").asString();
        assertThat(body.get("pipeline").asString()).isEqualTo("ad-standard");
        assertThat(body.get("state").asString()).isEqualTo("QUEUED");
        assertThat(body.get("links").get("job").asString()).isEqualTo("/v1/jobs/" + jobId);

        // PostgreSQL: asset, job, stage rows
        Map<String, Object> asset = db.sql("select * from assets where id = :id").bind("id", assetId)
                .fetch().one().block();
        assertThat(asset).isNotNull();
        assertThat(asset.get("tenant")).isEqualTo(tenant);
        assertThat(asset.get("filename")).isEqualTo("clip.mp4");
        assertThat(asset.get("title")).isEqualTo("Spring ad");
        assertThat(asset.get("state")).isEqualTo("READY");
        assertThat(asset.get("size_bytes")).isEqualTo((long) clipBytes.length);
        assertThat(asset.get("sha256")).isEqualTo(sha256(clipBytes));
        assertThat(asset.get("content_type")).isEqualTo("video/mp4");
        Map<String, Object> job = db.sql("select * from jobs where id = :id").bind("id", jobId).fetch().one().block();
        assertThat(job.get("state")).isEqualTo("QUEUED");
        assertThat(job.get("asset_id")).isEqualTo(assetId);
        assertThat(job.get("pipeline_name")).isEqualTo("ad-standard");
        assertThat(job.get("pipeline_version")).isEqualTo(3);
        List<Map<String, Object>> stages = db.sql("select * from stages where job_id = :id").bind("id", jobId)
                .fetch().all().collectList().block();
        assertThat(stages).hasSize(5);
        assertThat(stages).extracting(st -> st.get("name")).containsExactlyInAnyOrder("thumbnail", "transcode", "subtitle", "ocr", "keyword");
        stages.sort(java.util.Comparator.comparing(st -> st.get("name").equals("thumbnail") ? 0 : 1));
        assertThat(stages.get(0)).containsEntry("name", "thumbnail").containsEntry("filter", "thumbnail")
                .containsEntry("state", "QUEUED");

        // S3: the original under its deterministic key, byte for byte
        assertThat(objects.getBytes(ObjectKeys.source(tenant, assetId)).block()).isEqualTo(clipBytes);

        // Redis: the job is known and QUEUED
        Optional<JobSnapshot> snap = status.snapshot(jobId).block();
        assertThat(snap).isPresent();
        assertThat(snap.get().state()).isEqualTo(JobState.QUEUED);
        assertThat(snap.get().assetId()).isEqualTo(assetId);

        // Kafka: the root StageTask on reelpipe.stage.thumbnail, keyed by the jobId
        ConsumerRecord<String, byte[]> rec = awaitTask(jobId);
        StageTask task = WireFormat.read(rec.value(), StageTask.class);
        assertThat(task.stage()).isEqualTo("thumbnail");
        assertThat(task.filter()).isEqualTo("thumbnail");
        assertThat(task.assetId()).isEqualTo(assetId);
        assertThat(task.tenant()).isEqualTo(tenant);
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.source().key()).isEqualTo(ObjectKeys.source(tenant, assetId));
        assertThat(task.source().size()).isEqualTo(clipBytes.length);
        assertThat(task.metadata()).containsEntry("filename", "clip.mp4");
        assertThat(((Map<?, ?>) task.media().get("video")).get("width")).isEqualTo(320);
        assertThat(task.pipeline().requireStage("thumbnail").with()).containsEntry("poster", "auto");
        assertThat(new String(rec.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(task.traceparent()).startsWith("00-");
        await(() -> db.sql("select count(*) as n from outbox where message_key = :id and sent_at is null")
                .bind("id", jobId).map(r -> r.get("n", Long.class)).one().block() == 0L, "outbox row marked sent");

        // the status API (Redis path) and the asset API
        http.get().uri("/v1/jobs/" + jobId).header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.jobId").isEqualTo(jobId)
                .jsonPath("$.assetId").isEqualTo(assetId)
                .jsonPath("$.state").isEqualTo("QUEUED")
                .jsonPath("$.pipeline").isEqualTo("ad-standard")
                .jsonPath("$.stages[0].name").isEqualTo("thumbnail")
                .jsonPath("$.stages[0].filter").isEqualTo("thumbnail")
                .jsonPath("$.stages[0].state").isEqualTo("QUEUED");
        http.get().uri("/v1/assets/" + assetId).header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.assetId").isEqualTo(assetId)
                .jsonPath("$.sha256").isEqualTo(sha256(clipBytes))
                .jsonPath("$.media.video.width").isEqualTo(320)
                .jsonPath("$.media.video.height").isEqualTo(180)
                .jsonPath("$.media.durationSeconds").value(d -> assertThat(((Number) d).doubleValue()).isBetween(2.5, 3.5))
                .jsonPath("$.jobs[0].jobId").isEqualTo(jobId);
        // another tenant does not see it
        http.get().uri("/v1/jobs/" + jobId).header("X-Reelpipe-Tenant", "someone-else").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void chunkedUploadOfUnknownLengthIsStreamed() {
        String tenant = "t-chunked";
        Flux<DataBuffer> chunks = Flux.range(0, (clipBytes.length + 999) / 1000).map(i -> DefaultDataBufferFactory
                .sharedInstance.wrap(java.util.Arrays.copyOfRange(clipBytes, i * 1000,
                        Math.min(clipBytes.length, (i + 1) * 1000))));
        JsonNode body = http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", tenant)
                .header("X-Reelpipe-Filename", "chunked.mp4")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("size").asLong()).isEqualTo(clipBytes.length);
        assertThat(body.get("sha256").asString()).isEqualTo(sha256(clipBytes));
    }

    @Test
    void oversizeUploadIsCutOffWhileStreamingWith413() {
        String tenant = "t-big";
        int chunk = 256 * 1024;
        // 24 MiB of unknown length, generated lazily: more than the 20MB limit and more than one multipart part
        Flux<DataBuffer> body = Flux.range(0, 96).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[chunk]));
        http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(body, DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("upload-too-large");
        assertNothingLeft(tenant);
    }

    @Test
    void textFileNamedMp4IsRefusedWith415AndLeavesNothing() {
        String tenant = "t-text";
        http.post().uri("/v1/assets?filename=notes.mp4").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.parseMediaType("video/mp4"))
                .bodyValue("Meeting notes: remember to buy milk.\nThis is not a video at all.\n".repeat(50)
                        .getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(415)
                .jsonPath("$.code").isEqualTo("unsupported-media")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("not a video or audio file"))
                .jsonPath("$.reason").value(d -> assertThat((String) d).contains("not a video or audio file"))
                .jsonPath("$.trace").doesNotExist();
        assertNothingLeft(tenant);
    }

    @Test
    void emptyUploadIsRefusedWithAReason() {
        String tenant = "t-empty";
        http.post().uri("/v1/assets?filename=empty.mp4").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.parseMediaType("video/mp4"))
                .bodyValue(new byte[0])
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("the file is empty");
        // the same without a Content-Length (chunked, no chunks)
        http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(Flux.<DataBuffer>empty(), DataBuffer.class)
                .exchange()
                .expectStatus().is4xxClientError()
                .expectBody()
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("empty"));
        assertNothingLeft(tenant);
    }

    @Test
    void truncatedVideoIsRefusedWith415() {
        String tenant = "t-cut";
        byte[] cut = java.util.Arrays.copyOf(clipBytes, clipBytes.length / 2);
        http.post().uri("/v1/assets?filename=cut.mp4").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.parseMediaType("video/mp4"))
                .bodyValue(cut)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody()
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("truncated"));
        assertNothingLeft(tenant);
    }

    @Test
    void unknownPipelineAndUnknownIdsAreProblems() {
        http.post().uri("/v1/assets?pipeline=no-such-pipeline").contentType(MediaType.parseMediaType("video/mp4"))
                .bodyValue(clipBytes)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("there is no pipeline named 'no-such-pipeline'");
        http.get().uri("/v1/jobs/" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.detail").value(d ->
                        assertThat((String) d).startsWith("no job with id"));
        http.get().uri("/v1/no-such-route").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/v1/assets/nope").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/v1/jobs/x").header("X-Reelpipe-Tenant", "../etc").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void lifecycleEventsUpdateTheDatabaseIdempotently() {
        String tenant = "t-events";
        JsonNode body = http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.parseMediaType("video/mp4")).bodyValue(clipBytes)
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String jobId = body.get("jobId").asString();
        String assetId = body.get("assetId").asString();
        Instant now = Instant.now();
        StageManifest manifest = new StageManifest(StageManifest.SCHEMA_VERSION, jobId, assetId, tenant, "thumbnail",
                "thumbnail", List.of(), Map.of("poster", "poster.jpg"), now);
        List<StageEvent> events = List.of(
                new StageEvent.StageStarted(1, jobId, "thumbnail", "thumbnail", 1, "w-1", now),
                new StageEvent.StageCompleted(1, jobId, "thumbnail", "thumbnail", 1, manifest, now.plusMillis(10)),
                new StageEvent.StageStarted(1, jobId, "thumbnail", "thumbnail", 1, "w-1", now), // replay
                new StageEvent.JobCompleted(1, jobId, now.plusMillis(20)),
                new StageEvent.JobCompleted(1, jobId, now.plusMillis(20))); // duplicate delivery
        for (StageEvent e : events) {
            bus.send(TaskMessages.event(e, null)).block(WAIT);
        }
        await(() -> "COMPLETED".equals(db.sql("select state from jobs where id = :id").bind("id", jobId)
                .map(r -> r.get("state", String.class)).one().block()), "job COMPLETED in PostgreSQL");
        Map<String, Object> stage = db.sql("select * from stages where job_id = :id and name = 'thumbnail'")
                .bind("id", jobId).fetch().one().block();
        assertThat(stage).containsEntry("state", "COMPLETED").containsEntry("attempt", 1);
        assertThat((Double) stage.get("progress")).isEqualTo(1.0);
        Map<String, Object> job = db.sql("select * from jobs where id = :id").bind("id", jobId).fetch().one().block();
        assertThat(job.get("finished_at")).isNotNull();
        assertThat(job.get("started_at")).isNotNull();
        await(() -> db.sql("select count(*) as n from processed_events where job_id = :id").bind("id", jobId)
                .map(r -> r.get("n", Long.class)).one().block() == 3L, "three distinct events recorded");

        // Redis forgets the job (finished + expired): the status API answers from PostgreSQL
        try (RedisClient redis = RedisClient.create(DevStackExtension.shared().redisUri());
             StatefulRedisConnection<String, String> c = redis.connect()) {
            for (String key : c.sync().keys("rp:job:" + jobId + "*")) {
                c.sync().del(key);
            }
        }
        assertThat(status.snapshot(jobId).block()).isEmpty();
        http.get().uri("/v1/jobs/" + jobId).header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("COMPLETED")
                .jsonPath("$.finishedAt").exists()
                .jsonPath("$.stages[?(@.name == 'thumbnail')].state").isEqualTo("COMPLETED")
                .jsonPath("$.stages[?(@.name == 'thumbnail')].progress").isEqualTo(1.0);
    }

    @Test
    void outboxRowLeftUnsentByACrashIsPublishedWhenTheRelayStarts() throws Exception {
        relay.stop();
        try {
            Pipeline pipeline = pipelines.latest("ad-standard").block(WAIT);
            String jobId = "crash-" + UUID.randomUUID();
            String tenant = "t-crash";
            String assetId = UUID.randomUUID().toString();
            OutboundMessage m = JobLauncher.rootMessages(jobId, assetId, tenant, pipeline,
                    new ObjectRef(objects.bucket(), ObjectKeys.source(tenant, assetId), 10, "video/mp4", null),
                    Map.of(), Map.of(), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").get(0);
            // committed, as if the process died right after the upload transaction
            outbox.insert(OutboxMessage.STAGE_TASK, m.topic(), m.key(), m.value(), m.headers()).block(WAIT);
            Thread.sleep(1500);
            assertThat(unsent(jobId)).isEqualTo(1L);
            assertThat(pollFor(jobId, Duration.ofMillis(500))).isNull();

            relay.start();
            ConsumerRecord<String, byte[]> rec = awaitTask(jobId);
            assertThat(WireFormat.read(rec.value(), StageTask.class).jobId()).isEqualTo(jobId);
            await(() -> unsent(jobId) == 0L, "row marked sent");
            // the relay recorded the job in Redis before publishing
            assertThat(status.snapshot(jobId).block()).isPresent();
        } finally {
            relay.start();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private long unsent(String jobId) {
        return db.sql("select count(*) as n from outbox where message_key = :id and sent_at is null").bind("id", jobId)
                .map(r -> r.get("n", Long.class)).one().block();
    }

    private void assertNothingLeft(String tenant) {
        assertThat(objects.list(tenant + "/").collectList().block(WAIT)).isEmpty();
        assertThat(db.sql("select count(*) as n from assets where tenant = :t").bind("t", tenant)
                .map(r -> r.get("n", Long.class)).one().block()).isZero();
        assertThat(db.sql("select count(*) as n from jobs where tenant = :t").bind("t", tenant)
                .map(r -> r.get("n", Long.class)).one().block()).isZero();
    }

    private ConsumerRecord<String, byte[]> awaitTask(String jobId) {
        ConsumerRecord<String, byte[]> rec = pollFor(jobId, WAIT);
        assertThat(rec).as("StageTask for job " + jobId + " on " + Topics.stage("thumbnail")).isNotNull();
        return rec;
    }

    /** Reads reelpipe.stage.thumbnail from the start with one consumer shared by the tests. */
    private static synchronized ConsumerRecord<String, byte[]> pollFor(String key, Duration timeout) {
        if (tasks == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackExtension.shared().kafkaBootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            tasks = new KafkaConsumer<>(p);
            tasks.subscribe(List.of(Topics.stage("thumbnail")));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (ConsumerRecord<String, byte[]> r : seen) {
                if (key.equals(r.key())) {
                    return r;
                }
            }
            tasks.poll(Duration.ofMillis(200)).forEach(seen::add);
        } while (System.nanoTime() < deadline);
        return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
    }

    private static void await(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

}
