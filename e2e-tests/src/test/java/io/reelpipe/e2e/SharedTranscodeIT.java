package io.reelpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.config.KafkaProperties;
import io.reelpipe.pipeline.internal.ReactorKafkaBus;
import io.reelpipe.pipeline.runtime.StageRuntime;
import io.reelpipe.pipeline.wire.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A long video shared by two transcode worker processes: a pipeline registered through the API chunks anything
 * longer than 4 s into 2 s chunks; the worker that gets the stage offers them on {@code reelpipe.stage.transcode},
 * the other process encodes some straight from a presigned URL, and the stitched ladder comes back through the
 * gateway.
 */
@WithDevStack
class SharedTranscodeIT {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Platform platform;

    @BeforeAll
    static void startPlatform(DevStack stack) {
        platform = Platform.start(stack);
        // both transcode processes must hold partitions before the job, or one finds the work done
        try (ReactorKafkaBus bus = new ReactorKafkaBus(KafkaProperties.of(stack.kafkaBootstrapServers()))) {
            bus.awaitConsumers(StageRuntime.group("transcode"), 2, Duration.ofSeconds(120))
                    .block(Duration.ofSeconds(130));
        }
    }

    @Test
    void twoTranscodeProcessesShareOneLongVideo(@TempDir Path tmp) throws Exception {
        String pipeline = """
                pipeline: e2e-long
                version: 1
                stages:
                  transcode:
                    filter: transcode
                    with:
                      ladder: [360p, 240p]
                      formats: [hls]
                      segmentSeconds: 2
                      chunking: { thresholdSeconds: 4, chunkSeconds: 2 }
                """;
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(platform.ingestUrl()
                        + "/v1/pipelines/e2e-long")).header("Authorization", "Bearer " + platform.adminKey())
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(pipeline)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

        double seconds = 20;
        Path video = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds((long) seconds))
                .audioChannels(2).build().write(tmp.resolve("long.mp4"));
        String tenant = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(platform.ingestUrl()
                        + "/v1/assets?filename=long.mp4&pipeline=e2e-long")).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "video/mp4")
                .header("Authorization", "Bearer " + platform.apiKey(tenant, "uploader"))
                .POST(HttpRequest.BodyPublishers.ofFile(video)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode body = WireFormat.mapper().readTree(created.body());
        String jobId = body.get("jobId").asString();
        String assetId = body.get("assetId").asString();

        String editor = platform.apiKey(tenant, "editor");
        JsonNode job = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(platform.ingestUrl() + "/v1/jobs/"
                    + jobId)).header("Authorization", "Bearer " + editor).build(), HttpResponse.BodyHandlers.ofString());
            job = WireFormat.mapper().readTree(r.body());
            String state = job.get("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(job).isNotNull();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");

        JsonNode manifest = WireFormat.mapper().readTree(get("/v1/assets/" + assetId
                + "/files/transcode/manifest.json", editor).body());
        JsonNode chunking = manifest.get("details").get("chunking");
        assertThat(chunking.get("chunked").asBoolean()).isTrue();
        assertThat(chunking.get("shared").asBoolean()).isTrue();
        int chunks = chunking.get("chunks").asInt();
        assertThat(chunks).isEqualTo(10);
        // two worker processes (instance ids host-pid) encoded chunks, each chunk once
        JsonNode by = chunking.get("encodedBy");
        List<String> workers = new ArrayList<>();
        int total = 0;
        for (var e : by.properties()) {
            workers.add(e.getKey());
            total += e.getValue().asInt();
        }
        assertThat(workers).as(by.toString()).hasSize(2);
        assertThat(total).isEqualTo(chunks);

        // the stitched ladder plays through the gateway: both rungs, segments adding up to the source's length
        String master = get("/v1/assets/" + assetId + "/files/transcode/hls/master.m3u8", editor).body();
        assertThat(master).contains("#EXTM3U", "RESOLUTION=640x360", "RESOLUTION=426x240");
        for (String rung : List.of("360p", "240p")) {
            String media = get("/v1/assets/" + assetId + "/files/transcode/hls/" + rung + "/index.m3u8", editor).body();
            double sum = media.lines().filter(l -> l.startsWith("#EXTINF:"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).sum();
            assertThat(sum).as(rung).isBetween(seconds - 0.2, seconds + 0.2);
            assertThat(media).contains("#EXT-X-ENDLIST");
        }
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r;
    }
}
