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
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.TextCardVideo;
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
 * The platform end to end: a generated H.264/AAC MP4 with spoken words goes up over HTTP and through every stage
 * of the default pipeline (thumbnail, transcode, subtitle, ocr, then keyword after subtitle and ocr), each worker in its own
 * JVM over Kafka, and the job ends COMPLETED in PostgreSQL and Redis with every stage's outputs in object storage.
 */
@WithDevStack
class AdStandardPipelineIT {

    private static final Logger log = LoggerFactory.getLogger(AdStandardPipelineIT.class);
    private static final HttpClient http = HttpClient.newHttpClient();

    private static DevStack stack;
    private static Platform platform;

    @BeforeAll
    static void startPlatform(DevStack devStack) {
        stack = devStack;
        platform = Platform.start(devStack);
    }

    @Test
    void uploadedAdRunsEveryStageOfTheDefaultPipeline(@TempDir Path tmp) throws Exception {
        Speech speech = Speech.espeak("Summer sale. Running shoes for the whole family.", tmp);
        Duration length = Duration.ofMillis(Math.max(3000, speech.durationMillis() + 500));
        Path voice = SyntheticVideo.builder().size(640, 360).fps(25).duration(length)
                .card(new Color(200, 40, 40), Duration.ZERO).card(new Color(30, 160, 60), Duration.ofMillis(1500))
                .pcm(speech.samples(), speech.sampleRate(), 1)
                .build().write(tmp.resolve("voice.mp4"));
        // the picture shows the product's name, as ads do: the ocr stage reads it
        Path cards = TextCardVideo.builder(640, 360, length.toMillis() / 1000.0)
                .card(0.2, length.toMillis() / 1000.0, "Kestrel Running Shoes", "DejaVu Sans", 36, Color.WHITE, 0.1, 0.3)
                .build().write(tmp.resolve("cards.mp4"));
        Path video = tmp.resolve("ad.mp4");
        Ffmpeg.bundled().run(FfmpegCommand.of(length, "-i", cards.toString(), "-i", voice.toString(), "-map", "0:v",
                "-map", "1:a", "-c", "copy", "-shortest", video.toString()));
        String tenant = "e2e" + UUID.randomUUID().toString().substring(0, 8);

        long t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(platform.ingestUrl() + "/v1/assets?filename=ad.mp4&title=Running%20shoes%20summer%20sale")).timeout(java.time.Duration.ofSeconds(90))
                .header("Content-Type", "video/mp4").header("X-Reelpipe-Tenant", tenant)
                .header("Authorization", "Bearer " + platform.apiKey(tenant, "uploader"))
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
        for (String stage : List.of("thumbnail", "transcode", "subtitle", "ocr", "keyword")) {
            JsonNode st = stageNamed(job, stage);
            assertThat(st).as("stage " + stage + " in " + job).isNotNull();
            assertThat(st.get("state").asString()).as(stage).isEqualTo("COMPLETED");
            assertThat(st.get("progress").asDouble()).as(stage).isEqualTo(1.0);
        }
        assertThat(progressSeen).as("thumbnail progress never goes back").isSorted();

        // Redis holds the same terminal state as the API showed.
        try (RedisClient redis = RedisClient.create(stack.redisUri());
             StatefulRedisConnection<String, String> c = redis.connect()) {
            Map<String, String> hash = c.sync().hgetall("rp:job:" + jobId);
            assertThat(hash).containsEntry("state", "COMPLETED");
        }
        // PostgreSQL, updated from reelpipe.events, agrees (eventually: the consumer is asynchronous).
        awaitPostgresJobState(jobId, "COMPLETED", Duration.ofSeconds(30));

        // Editors read outputs through the storage gateway with their tenant's key: the poster is a real JPEG of
        // the video's size, written where DESIGN.md says and listed in the manifest.
        String editor = platform.apiKey(tenant, "editor");
        HttpResponse<byte[]> posterResponse = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl()
                        + "/v1/assets/" + assetId + "/files/thumbnail/poster.jpg")).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + editor).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(posterResponse.statusCode()).isEqualTo(200);
        assertThat(posterResponse.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage poster = ImageIO.read(new java.io.ByteArrayInputStream(posterResponse.body()));
        assertThat(poster).as("poster decodes as an image").isNotNull();
        assertThat(poster.getWidth()).isEqualTo(640);
        assertThat(poster.getHeight()).isEqualTo(360);
        // another tenant's editor does not even learn that the asset exists
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl()
                        + "/v1/assets/" + assetId + "/files/thumbnail/poster.jpg")).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + platform.apiKey("other" + tenant, "editor")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(404);
        MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(stack.s3Region()).build();
        String prefix = tenant + "/" + assetId + "/";
        assertThat(text(s3, prefix + "thumbnail/manifest.json")).contains("poster.jpg").contains("storyboard.vtt");
        assertThat(text(s3, prefix + "thumbnail/storyboard.vtt")).startsWith("WEBVTT");

        // transcode: a playable HLS ladder (no upscale: a 360p source gets 360p and below) and an MP4
        HttpResponse<String> masterResponse = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl()
                        + "/v1/assets/" + assetId + "/files/transcode/hls/master.m3u8")).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + editor).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(masterResponse.statusCode()).isEqualTo(200);
        assertThat(masterResponse.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/vnd.apple.mpegurl"));
        String master = masterResponse.body();
        assertThat(master).startsWith("#EXTM3U").contains("#EXT-X-STREAM-INF").contains("RESOLUTION=640x360")
                .doesNotContain("1920x1080").doesNotContain("1280x720");
        assertThat(text(s3, prefix + "transcode/manifest.json")).contains("mp4/360p.mp4");

        // subtitle: strict-enough WebVTT and a transcript the keyword stage read
        assertThat(text(s3, prefix + "subtitle/en.vtt")).startsWith("WEBVTT");
        JsonNode transcript = WireFormat.mapper().readTree(text(s3, prefix + "subtitle/transcript.json"));
        assertThat(transcript.get("source").asString()).isEqualTo("speech");

        assertThat(transcript.get("confidence")).as("the engine's confidence in " + transcript).isNotNull();
        boolean intelligible = transcript.get("intelligible").asBoolean();

        // ocr: the card's text, once, with its time range and box, and a WebVTT metadata track
        JsonNode ocr = WireFormat.mapper().readTree(text(s3, prefix + "ocr/ocr.json"));
        assertThat(ocr.get("items").toString()).contains("Kestrel Running Shoes");
        assertThat(text(s3, prefix + "ocr/ocr.vtt")).startsWith("WEBVTT").contains("Kestrel Running Shoes");

        // keyword: ranked from the title (metadata), the card (ocr, with when it is shown) and the speech only as far
        // as the engine was sure of it. Ranking quality is measured by `./reelpipe bench ads` and in keyword-worker.
        JsonNode keywords = WireFormat.mapper().readTree(text(s3, prefix + "keyword/keywords.json"));
        assertThat(keywords.get("method").asString()).isEqualTo("embedding");
        List<String> fromTitle = new ArrayList<>();
        boolean timedSpeech = false;
        boolean shownKestrel = false;
        for (JsonNode k : keywords.get("keywords")) {
            String sources = k.get("sources").toString();
            if (sources.contains("metadata")) {
                fromTitle.add(k.get("keyword").asString().toLowerCase());
            }
            if (sources.contains("speech") && !k.get("ranges").isEmpty()) {
                timedSpeech = true;
            }
            if (sources.contains("ocr") && k.get("keyword").asString().toLowerCase().contains("kestrel")
                    && k.has("shown") && !k.get("shown").isEmpty()) {
                shownKestrel = true;
            }
        }
        assertThat(fromTitle).as("keywords from the title").anySatisfy(k -> assertThat(k).containsAnyOf("running", "shoes"));
        assertThat(shownKestrel).as("the on-screen brand with its shown ranges in " + keywords).isTrue();
        if (intelligible) {
            assertThat(timedSpeech).as("a speech keyword with its time ranges in " + keywords).isTrue();
        } else {
            assertThat(keywords.get("keywords").toString()).as("no speech keyword from an unintelligible transcript")
                    .doesNotContain("\"speech\"");
        }
    }

    private static String text(MinioClient s3, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(stack.s3Bucket()).object(key).build())) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTextFileRenamedMp4IsRejectedWithAReasonAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path fake = Files.writeString(tmp.resolve("notes.mp4"), "These are meeting notes, not a video.\n".repeat(200));
        String tenant = "e2ebad" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(platform.ingestUrl() + "/v1/assets?filename=notes.mp4")).timeout(java.time.Duration.ofSeconds(90))
                .header("Content-Type", "video/mp4").header("X-Reelpipe-Tenant", tenant)
                .header("Authorization", "Bearer " + platform.apiKey(tenant, "uploader"))
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
                    URI.create(platform.ingestUrl() + "/v1/jobs/" + jobId)).timeout(java.time.Duration.ofSeconds(90)).header("X-Reelpipe-Tenant", tenant)
                    .header("Authorization", "Bearer " + platform.apiKey(tenant, "editor")).GET().build(), HttpResponse.BodyHandlers.ofString());
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
