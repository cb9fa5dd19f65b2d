package io.reelpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.wire.WireFormat;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Search end to end: two ads with spoken scripts go up through ingest and the whole default pipeline; catalog-service
 * (its own JVM, its own consumer group) finds the first by a spoken word with its time, a title word and one of its
 * keywords, the second as its similar ad, nothing of them for another tenant; deleting the first through the storage
 * gateway (→ ingest → {@code AssetDeleted} on reelpipe.events) removes it from the catalog. Logs the lags.
 */
@WithDevStack
class CatalogE2EIT {

    private static final Logger log = LoggerFactory.getLogger(CatalogE2EIT.class);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Platform platform;

    @BeforeAll
    static void startPlatform(DevStack devStack) {
        platform = Platform.start(devStack);
    }

    record Upload(String assetId, String jobId) {
    }

    static Upload upload(String tenant, String title, String script, String tags, Path tmp) throws Exception {
        Speech speech = Speech.espeak(script, tmp);
        Path video = SyntheticVideo.builder().size(640, 360).fps(25)
                .duration(Duration.ofMillis(Math.max(3000, speech.durationMillis() + 500)))
                .card(new Color(40, 40, 200), Duration.ZERO)
                .pcm(speech.samples(), speech.sampleRate(), 1)
                .build().write(tmp.resolve("ad.mp4"));
        String boundary = "----rp" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("tag.script", script);
        fields.put("tag.tags", tags);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ad.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(video));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(platform.ingestUrl() + "/v1/assets"))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + platform.apiKey(tenant, "uploader"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode b = WireFormat.mapper().readTree(r.body());
        return new Upload(b.get("assetId").asString(), b.get("jobId").asString());
    }

    static void awaitCompleted(String tenant, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(platform.ingestUrl() + "/v1/jobs/"
                            + jobId)).header("Authorization", "Bearer " + platform.apiKey(tenant, "editor")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            state = WireFormat.mapper().readTree(r.body()).path("state").asString();
            if (List.of("COMPLETED", "FAILED", "CANCELLED").contains(state)) {
                break;
            }
            Platform.sleep(200);
        }
        assertThat(state).as("job " + jobId).isEqualTo("COMPLETED");
    }

    static JsonNode search(String tenant, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(platform.catalogUrl() + query))
                        .header("Authorization", "Bearer " + platform.apiKey(tenant, "editor")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(query + ": " + r.body()).isIn(200, 404);
        return WireFormat.mapper().readTree(r.body());
    }

    static List<String> ids(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("hits").forEach(h -> out.add(h.path("assetId").asString()));
        return out;
    }

    static String q(String words, String mode) {
        return "/v1/search?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8) + "&mode=" + mode;
    }

    /** Polls until {@code test} holds; returns the milliseconds it took. */
    static long await(java.util.concurrent.Callable<Boolean> test, String what) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (test.call()) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Platform.sleep(50);
        }
        throw new AssertionError(what + " within 30 s");
    }

    @Test
    void aProcessedAdIsFoundBySpeechTitleKeywordAndSimilarityAndGoneWhenDeleted(@TempDir Path tmp) throws Exception {
        String tenant = "cat" + UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("b"));
        Upload a = upload(tenant, "Stride trail running shoes", "Summer sale. Running shoes for the whole family.",
                "shoes, sport", tmp.resolve("a"));
        Upload b = upload(tenant, "Stride road runners", "Light running shoes for your daily run.", "shoes",
                tmp.resolve("b"));
        awaitCompleted(tenant, a.jobId());
        awaitCompleted(tenant, b.jobId());
        long fresh = await(() -> ids(search(tenant, q("family", "keyword"))).contains(a.assetId()),
                "the first ad findable by a spoken word");
        log.info("event=catalog-e2e-freshness ms={} (job COMPLETED seen by the client → findable)", fresh);

        // a spoken word (from the script synced to the speech): the transcript highlight carries its time
        JsonNode spoken = search(tenant, q("family", "keyword"));
        assertThat(ids(spoken)).containsExactly(a.assetId());
        JsonNode hl = spoken.path("hits").get(0).path("highlights").get(0);
        assertThat(hl.path("field").asString()).isEqualTo("transcript");
        assertThat(hl.path("snippet").asString()).contains("<em>family</em>");
        assertThat(hl.path("start").isNumber()).isTrue();
        // a title word, a keyword of the keyword stage, the probe data
        assertThat(ids(search(tenant, q("trail", "keyword")))).containsExactly(a.assetId());
        JsonNode hit = spoken.path("hits").get(0);
        assertThat(hit.path("durationSeconds").asDouble()).isPositive();
        assertThat(hit.path("orientation").asString()).isEqualTo("landscape");
        assertThat(hit.path("filename").asString()).isEqualTo("ad.mp4");
        String keyword = hit.path("keywords").get(0).asString();
        assertThat(ids(search(tenant, q(keyword, "keyword")))).contains(a.assetId());
        // the nearest ad by the keyword stage's embedding
        assertThat(ids(search(tenant, "/v1/search/similar/" + a.assetId()))).containsExactly(b.assetId());
        // another tenant finds nothing of ours, in any mode
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            assertThat(ids(search("x" + tenant, q("running shoes family", mode)))).isEmpty();
        }

        // delete through the storage gateway: gateway → Redis stream → ingest → AssetDeleted → catalog
        HttpResponse<String> del = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/assets/"
                        + a.assetId())).header("Authorization", "Bearer " + platform.apiKey(tenant, "uploader"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(del.statusCode()).as(del.body()).isEqualTo(200);
        long gone = await(() -> !ids(search(tenant, q("trail running shoes", "hybrid"))).contains(a.assetId()),
                "the deleted ad gone from the catalog");
        log.info("event=catalog-e2e-deletion ms={} (DELETE answered → gone from search)", gone);
        assertThat(ids(search(tenant, q("running shoes", "hybrid")))).containsExactly(b.assetId());
    }
}
