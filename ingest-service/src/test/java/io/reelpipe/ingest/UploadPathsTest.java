package io.reelpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/** The other ways in (multipart form, direct uploads), dedupe and per-tenant limits, on the real dev stack. */
class UploadPathsTest extends IngestTestBase {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    ObjectStore objects;

    WebTestClient http;
    final HttpClient raw = HttpClient.newHttpClient();

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
    }

    @Test
    void multipartFormUploadStreamsTheFilePart() throws Exception {
        String tenant = "t-form";
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("title", "Form ad");
        form.part("tag.campaign", "autumn");
        form.part("file", new FileSystemResource(smallVideo())).filename("form.mp4")
                .contentType(MediaType.parseMediaType("video/mp4"));
        JsonNode body = http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("sha256").asString()).isEqualTo(sha256(smallVideo()));
        assertThat(body.get("deduplicated").asBoolean()).isFalse();
        Map<String, Object> asset = db.sql("select * from assets where id = :id")
                .bind("id", body.get("assetId").asString()).fetch().one().block();
        assertThat(asset.get("filename")).isEqualTo("form.mp4");
        assertThat(asset.get("title")).isEqualTo("Form ad");
        assertThat(asset.get("content_type")).isEqualTo("video/mp4");
    }

    @Test
    void sameBytesAgainReuseTheStoredObjectAndTheEarlierJob() throws Exception {
        String tenant = "t-dedupe";
        byte[] clip = Files.readAllBytes(smallVideo());
        JsonNode first = post(tenant, clip, HttpStatus.ACCEPTED);
        String assetId = first.get("assetId").asString();
        String jobId = first.get("jobId").asString();
        // again while the job is queued: same asset, same job, nothing new stored
        JsonNode second = post(tenant, clip, HttpStatus.ACCEPTED);
        assertThat(second.get("deduplicated").asBoolean()).isTrue();
        assertThat(second.get("assetId").asString()).isEqualTo(assetId);
        assertThat(second.get("jobId").asString()).isEqualTo(jobId);
        // once the job completed, the earlier results are the answer (200, no new job)
        db.sql("update jobs set state = 'COMPLETED', finished_at = now() where id = :id").bind("id", jobId)
                .fetch().rowsUpdated().block();
        JsonNode third = post(tenant, clip, HttpStatus.OK);
        assertThat(third.get("jobId").asString()).isEqualTo(jobId);
        assertThat(third.get("state").asString()).isEqualTo("COMPLETED");
        // one stored original (beside the asset's descriptor, asset.json)
        assertThat(objects.list(tenant + "/").filter(o -> !o.key().endsWith("/") && !o.key().endsWith("/asset.json"))
                .collectList().block(WAIT)).hasSize(1);
        assertThat(db.sql("select count(*) as n from jobs where tenant = :t").bind("t", tenant)
                .map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
        // another tenant with the same bytes gets its own asset
        JsonNode other = post("t-dedupe-other", clip, HttpStatus.ACCEPTED);
        assertThat(other.get("deduplicated").asBoolean()).isFalse();
        assertThat(other.get("assetId").asString()).isNotEqualTo(assetId);
    }

    @Test
    void tenantLimitsAnswer413WithTheLimit() throws Exception {
        byte[] clip = Files.readAllBytes(smallVideo());
        http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", "t-small")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[2 * MIB])
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("upload-too-large")
                .jsonPath("$.limit").isEqualTo(MIB);
        HttpResponse<String> tus = raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/uploads/")).timeout(java.time.Duration.ofSeconds(90)).header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", "t-small")
                .header("Upload-Length", String.valueOf(2 * MIB)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tus.statusCode()).isEqualTo(413);
        assertThat(tus.body()).contains("\"limit\":" + MIB);
        http.post().uri("/v1/assets").header("X-Reelpipe-Tenant", "t-short")
                .contentType(MediaType.parseMediaType("video/mp4")).bodyValue(clip)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody()
                .jsonPath("$.code").isEqualTo("duration-too-long")
                .jsonPath("$.limit").isEqualTo(1.0)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("longer than the limit of 1.0 s"));
        assertThat(objects.list("t-short/").collectList().block(WAIT)).isEmpty();
        assertThat(objects.list("t-small/").collectList().block(WAIT)).isEmpty();
    }

    @Test
    void directUploadWithOnePresignedPut() throws Exception {
        String tenant = "t-direct";
        byte[] clip = Files.readAllBytes(smallVideo());
        JsonNode created = create(tenant, "{\"filename\":\"direct.mp4\",\"size\":" + clip.length
                + ",\"contentType\":\"video/mp4\"}");
        assertThat(created.get("method").asString()).isEqualTo("PUT");
        HttpResponse<String> put = raw.send(HttpRequest.newBuilder(URI.create(created.get("url").asString())).timeout(java.time.Duration.ofSeconds(90))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(clip)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String id = created.get("uploadId").asString();
        JsonNode done = http.post().uri("/v1/direct-uploads/" + id + "/complete").header("X-Reelpipe-Tenant", tenant)
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(done.get("sha256").asString()).isEqualTo(sha256(clip));
        assertThat(done.get("media").get("video").get("width").asInt()).isEqualTo(320);
        http.get().uri("/v1/direct-uploads/" + id).header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("COMPLETED")
                .jsonPath("$.jobId").isEqualTo(done.get("jobId").asString());

        // a text file through the same door: 415 with the reason, the object is removed
        byte[] text = "not a video\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        JsonNode c2 = create(tenant, "{\"filename\":\"notes.mp4\"}");
        raw.send(HttpRequest.newBuilder(URI.create(c2.get("url").asString())).timeout(java.time.Duration.ofSeconds(90))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(text)).build(), HttpResponse.BodyHandlers.discarding());
        http.post().uri("/v1/direct-uploads/" + c2.get("uploadId").asString() + "/complete")
                .header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody().jsonPath("$.reason").value(r -> assertThat((String) r).contains("not a video"));
        // one stored original (beside the asset's descriptor, asset.json)
        assertThat(objects.list(tenant + "/").filter(o -> !o.key().endsWith("/") && !o.key().endsWith("/asset.json"))
                .collectList().block(WAIT)).hasSize(1);
    }

    @Test
    void directUploadInPresignedParts() throws Exception {
        String tenant = "t-direct-mp";
        Path file = paddedVideo(tmp, 12 * MIB, 21);
        byte[] bytes = Files.readAllBytes(file);
        JsonNode created = create(tenant, "{\"filename\":\"parts.mp4\",\"size\":" + bytes.length + "}");
        assertThat(created.get("method").asString()).isEqualTo("MULTIPART");
        int partSize = created.get("partSize").asInt();
        StringBuilder parts = new StringBuilder();
        List<JsonNode> urls = new ArrayList<>();
        created.get("parts").forEach(urls::add);
        assertThat(urls).hasSize(3);
        for (JsonNode p : urls) {
            int n = p.get("partNumber").asInt();
            byte[] chunk = Arrays.copyOfRange(bytes, (n - 1) * partSize, Math.min(bytes.length, n * partSize));
            HttpResponse<String> r = raw.send(HttpRequest.newBuilder(URI.create(p.get("url").asString())).timeout(java.time.Duration.ofSeconds(90))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            parts.append(parts.isEmpty() ? "" : ",").append("{\"partNumber\":").append(n).append(",\"etag\":")
                    .append('"').append(r.headers().firstValue("ETag").orElseThrow().replace("\"", "")).append("\"}");
        }
        JsonNode done = http.post().uri("/v1/direct-uploads/" + created.get("uploadId").asString() + "/complete")
                .header("X-Reelpipe-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"parts\":[" + parts + "]}")
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(done.get("sha256").asString()).isEqualTo(sha256(bytes));
        assertThat(sha256(objects.getBytes(ObjectKeys.source(tenant, done.get("assetId").asString())).block(WAIT)))
                .isEqualTo(sha256(bytes));
    }

    private JsonNode create(String tenant, String json) {
        return http.post().uri("/v1/direct-uploads").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode post(String tenant, byte[] body, HttpStatus expected) {
        return http.post().uri("/v1/assets?filename=d.mp4").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.parseMediaType("video/mp4")).bodyValue(body)
                .exchange().expectStatus().isEqualTo(expected)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
