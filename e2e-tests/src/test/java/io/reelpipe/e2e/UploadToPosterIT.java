package io.reelpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.wire.WireFormat;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The foundation slice, end to end: a generated H.264/AAC MP4 goes up over HTTP, through Kafka to the thumbnail
 * worker, and comes back as a poster JPEG, with the job COMPLETED in PostgreSQL and Redis.
 */
@WithDevStack
class UploadToPosterIT {

    private static final Logger log = LoggerFactory.getLogger(UploadToPosterIT.class);
    private static final HttpClient http = HttpClient.newHttpClient();

    private static DevStack stack;
    private static Platform platform;

    @BeforeAll
    static void startPlatform(DevStack devStack) {
        stack = devStack;
        platform = Platform.start(devStack);
    }

    @Test
    void uploadedVideoGetsAPosterAndTheJobCompletesEverywhere(@TempDir Path tmp) throws Exception {
        Path video = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds(3))
                .card(new Color(200, 40, 40), Duration.ZERO).card(new Color(30, 160, 60), Duration.ofMillis(1500))
                .build().write(tmp.resolve("ad.mp4"));
        String tenant = "e2e" + UUID.randomUUID().toString().substring(0, 8);

        long t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(platform.ingestUrl() + "/v1/assets?filename=ad.mp4&title=Spring%20sale"))
                .header("Content-Type", "video/mp4").header("X-Reelpipe-Tenant", tenant)
                .POST(HttpRequest.BodyPublishers.ofFile(video)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode body = WireFormat.mapper().readTree(created.body());
        String jobId = body.get("jobId").asString();
        String assetId = body.get("assetId").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/jobs/" + jobId);

        List<Double> progressSeen = new ArrayList<>();
        JsonNode job = pollUntilFinished(jobId, tenant, Duration.ofSeconds(120), progressSeen);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("event=e2e-job-finished jobId={} state={} ms={}", jobId, job.get("state").asString(), ms);

        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("assetId").asString()).isEqualTo(assetId);
        JsonNode thumbnail = stageNamed(job, "thumbnail");
        assertThat(thumbnail.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(thumbnail.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(progressSeen).isSorted();

        // Redis holds the same terminal state as the API showed.
        try (RedisClient redis = RedisClient.create(stack.redisUri());
             StatefulRedisConnection<String, String> c = redis.connect()) {
            Map<String, String> hash = c.sync().hgetall("rp:job:" + jobId);
            assertThat(hash).containsEntry("state", "COMPLETED");
        }
        // PostgreSQL, updated from reelpipe.events, agrees (eventually: the consumer is asynchronous).
        awaitPostgresJobState(jobId, "COMPLETED", Duration.ofSeconds(30));

        // The poster is a real JPEG with the video's size, written where DESIGN.md says, listed in the manifest.
        MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(stack.s3Region()).build();
        BufferedImage poster;
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(stack.s3Bucket())
                .object(tenant + "/" + assetId + "/thumbnail/poster.jpg").build())) {
            poster = ImageIO.read(in);
        }
        assertThat(poster).as("poster decodes as an image").isNotNull();
        assertThat(poster.getWidth()).isEqualTo(640);
        assertThat(poster.getHeight()).isEqualTo(360);
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(stack.s3Bucket())
                .object(tenant + "/" + assetId + "/thumbnail/manifest.json").build())) {
            JsonNode manifest = WireFormat.mapper().readTree(in);
            assertThat(manifest.get("outputs").toString()).contains("poster.jpg");
        }
    }

    @Test
    void aTextFileRenamedMp4IsRejectedWithAReasonAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path fake = Files.writeString(tmp.resolve("notes.mp4"), "These are meeting notes, not a video.\n".repeat(200));
        String tenant = "e2ebad" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(platform.ingestUrl() + "/v1/assets?filename=notes.mp4"))
                .header("Content-Type", "video/mp4").header("X-Reelpipe-Tenant", tenant)
                .POST(HttpRequest.BodyPublishers.ofFile(fake)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = WireFormat.mapper().readTree(r.body());
        assertThat(problem.get("detail").asString()).containsIgnoringCase("not a video");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.reelpipe");

        MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(stack.s3Region()).build();
        List<String> left = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(stack.s3Bucket())
                .prefix(tenant + "/").recursive(true).build())) {
            left.add(item.get().objectName());
        }
        assertThat(left).as("objects left behind").isEmpty();
        try (Connection c = DriverManager.getConnection(stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
             PreparedStatement ps = c.prepareStatement("select count(*) from jobs j join assets a on a.id = j.asset_id where a.tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("jobs created for the rejected upload").isZero();
            }
        }
    }

    private static JsonNode pollUntilFinished(String jobId, String tenant, Duration timeout, List<Double> progressSeen) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(platform.ingestUrl() + "/v1/jobs/" + jobId)).header("X-Reelpipe-Tenant", tenant).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            job = WireFormat.mapper().readTree(r.body());
            JsonNode stage = stageNamed(job, "thumbnail");
            if (stage != null && stage.get("progress") != null) {
                progressSeen.add(stage.get("progress").asDouble());
            }
            String state = job.get("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            Platform.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish in " + timeout + ": " + job);
    }

    private static JsonNode stageNamed(JsonNode job, String name) {
        for (JsonNode s : job.get("stages")) {
            if (name.equals(s.get("name").asString())) {
                return s;
            }
        }
        return null;
    }

    private static void awaitPostgresJobState(String jobId, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
                 PreparedStatement ps = c.prepareStatement("select state from jobs where id = ?")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    state = rs.next() ? rs.getString(1) : null;
                }
            }
            if (expected.equals(state)) {
                return;
            }
            Platform.sleep(200);
        }
        throw new AssertionError("PostgreSQL job " + jobId + " state is " + state + ", expected " + expected);
    }
}
