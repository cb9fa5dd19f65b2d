package io.reelpipe.ingest.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.ingest.IngestTestBase;
import io.reelpipe.ingest.storage.S3Multipart;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** tus 1.0 against the real dev stack, driven by tus-java-client (a client no one here wrote) and raw HTTP. */
class TusIntegrationTest extends IngestTestBase {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    ObjectStore objects;
    @Autowired
    S3Multipart s3;
    @Autowired
    TusSweeper sweeper;

    WebTestClient http;
    final HttpClient raw = HttpClient.newHttpClient();

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl(base()).responseTimeout(WAIT).build();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private TusClient tusClient(String tenant, TusURLMemoryStore store) throws Exception {
        TusClient c = new TusClient();
        c.setUploadCreationURL(new URL(base() + "/v1/uploads/"));
        c.enableResuming(store);
        Map<String, String> h = new HashMap<>();
        h.put("X-Reelpipe-Tenant", tenant);
        c.setHeaders(h);
        return c;
    }

    private static TusUpload upload(Path file, String filename) throws Exception {
        TusUpload u = new TusUpload(file.toFile());
        u.setFingerprint(file.toString());
        u.setMetadata(Map.of("filename", filename, "title", "Big ad", "pipeline", "ad-standard",
                "campaign", "spring-2026"));
        return u;
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void optionsAdvertisesTheExtensions() {
        http.options().uri("/v1/uploads/").exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("Tus-Version", "1.0.0")
                .expectHeader().valueEquals("Tus-Resumable", "1.0.0")
                .expectHeader().valueEquals("Tus-Extension", "creation,creation-with-upload,creation-defer-length,"
                        + "expiration,checksum,termination,concatenation")
                .expectHeader().valueEquals("Tus-Checksum-Algorithm", "sha1,sha256,md5")
                .expectHeader().exists("Tus-Max-Size");
        // no Tus-Resumable: 412 with the version we speak
        http.head().uri("/v1/uploads/0123").exchange()
                .expectStatus().isEqualTo(412)
                .expectHeader().valueEquals("Tus-Version", "1.0.0");
    }

    @Test
    void interruptedUploadIsResumedByANewClientInstance() throws Exception {
        String tenant = "t-tus-resume";
        Path file = paddedVideo(tmp, 12 * MIB + 12345, 1);
        TusURLMemoryStore store = new TusURLMemoryStore();

        // client A: 7 chunks of 1 MiB, one PATCH each, then it stops (a part is in S3, 2 MiB sit in the spool tail)
        TusClient a = tusClient(tenant, store);
        TusUploader ua = a.resumeOrCreateUpload(upload(file, "big.mp4"));
        ua.setChunkSize(MIB);
        ua.setRequestPayloadSize(MIB);
        for (int i = 0; i < 7; i++) {
            assertThat(ua.uploadChunk()).isPositive();
        }
        ua.finish(false);
        URL url = ua.getUploadURL();
        String id = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        Map<String, Object> row = db.sql("select * from tus_uploads where id = :id").bind("id", id).fetch().one()
                .block();
        assertThat(row.get("upload_offset")).isEqualTo(7L * MIB);
        assertThat(row.get("parts_bytes")).isEqualTo(5L * MIB);
        assertThat(row.get("tail_bytes")).isEqualTo(2L * MIB);
        assertThat(row.get("s3_upload_id")).isNotNull();

        // client B: a brand-new instance sharing only the URL store
        TusClient b = tusClient(tenant, store);
        TusUploader ub = b.resumeOrCreateUpload(upload(file, "big.mp4"));
        assertThat(ub.getOffset()).isEqualTo(7L * MIB);
        assertThat(ub.getUploadURL()).isEqualTo(url);
        ub.setChunkSize(MIB);
        ub.setRequestPayloadSize(4 * MIB);
        while (ub.uploadChunk() > -1) {
            // upload the rest
        }
        ub.finish();

        JsonNode status = assertCompleted(id, tenant, file);
        assertThat(status.get("metadata").get("campaign").asString()).isEqualTo("spring-2026");
        Map<String, Object> asset = db.sql("select * from assets where id = :id")
                .bind("id", status.get("assetId").asString()).fetch().one().block();
        assertThat(asset.get("filename")).isEqualTo("big.mp4");
        assertThat(asset.get("title")).isEqualTo("Big ad");
        // the spool is empty again
        assertThat(Files.list(spoolDir()).filter(p -> p.getFileName().toString().startsWith(id)).toList()).isEmpty();
    }

    @Test
    void lostSpoolTailResumesFromTheLastStoredPart() throws Exception {
        // what a restart on another machine (or a wiped disk) looks like: PostgreSQL and S3 remember, local disk not
        String tenant = "t-tus-lost";
        Path file = paddedVideo(tmp, 11 * MIB, 2);
        TusURLMemoryStore store = new TusURLMemoryStore();
        TusUploader ua = tusClient(tenant, store).resumeOrCreateUpload(upload(file, "lost.mp4"));
        ua.setChunkSize(MIB);
        ua.setRequestPayloadSize(MIB);
        for (int i = 0; i < 7; i++) {
            ua.uploadChunk();
        }
        ua.finish(false);
        String id = idOf(ua.getUploadURL());
        Files.delete(spoolDir().resolve(id + ".tail"));

        TusUploader ub = tusClient(tenant, store).resumeOrCreateUpload(upload(file, "lost.mp4"));
        assertThat(ub.getOffset()).as("back to the last part in S3").isEqualTo(5L * MIB);
        ub.setChunkSize(MIB);
        ub.setRequestPayloadSize(16 * MIB);
        while (ub.uploadChunk() > -1) {
            // rest
        }
        ub.finish();
        assertCompleted(id, tenant, file);
    }

    @Test
    void parallelUploadIsConcatenatedServerSide() throws Exception {
        String tenant = "t-tus-concat";
        Path file = paddedVideo(tmp, 12 * MIB, 3);
        byte[] bytes = Files.readAllBytes(file);
        // two partials of 6 MiB: S3 UploadPartCopy
        String finalId = concatenate(tenant, bytes, new int[] {6 * MIB});
        JsonNode st = assertCompleted(finalId, tenant, file);
        assertThat(st.get("concat").asString()).isEqualTo("final");

        // three partials, one under 5 MiB in the middle: streaming copy (another tenant: no dedupe)
        String tenant2 = "t-tus-concat2";
        String finalId2 = concatenate(tenant2, bytes, new int[] {6 * MIB, 7 * MIB});
        assertCompleted(finalId2, tenant2, file);
        // partials are consumed: no rows, no objects left under _uploads/
        assertThat(objects.list("_uploads/" + tenant + "/").collectList().block(WAIT)).isEmpty();
        assertThat(objects.list("_uploads/" + tenant2 + "/").collectList().block(WAIT)).isEmpty();
    }

    /** Uploads the pieces split at {@code cuts} as partial uploads with tus-java-client, then creates the final. */
    private String concatenate(String tenant, byte[] bytes, int[] cuts) throws Exception {
        int[] bounds = new int[cuts.length + 2];
        System.arraycopy(cuts, 0, bounds, 1, cuts.length);
        bounds[bounds.length - 1] = bytes.length;
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i + 1 < bounds.length; i++) {
            Path piece = tmp.resolve(tenant + "-piece-" + i);
            Files.write(piece, Arrays.copyOfRange(bytes, bounds[i], bounds[i + 1]));
            TusClient c = tusClient(tenant, new TusURLMemoryStore());
            c.getHeaders().put("Upload-Concat", "partial");
            TusUploader u = c.createUpload(new TusUpload(piece.toFile()));
            u.setChunkSize(MIB);
            u.setRequestPayloadSize(8 * MIB);
            while (u.uploadChunk() > -1) {
                // all of it
            }
            u.finish();
            urls.append(i == 0 ? "" : " ").append(u.getUploadURL().getPath());
        }
        HttpResponse<String> r = raw.send(HttpRequest.newBuilder(URI.create(base() + "/v1/uploads/")).timeout(java.time.Duration.ofSeconds(90))
                .header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", tenant)
                .header("Upload-Concat", "final;" + urls)
                .header("Upload-Metadata", "filename " + b64("parallel.mp4"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Reelpipe-Job-Id")).isPresent();
        return idOf(new URL(r.headers().firstValue("Location").orElseThrow()));
    }

    @Test
    void checksumMismatchIs460AndTheBodyIsDiscarded() throws Exception {
        String tenant = "t-tus-sum";
        byte[] video = Files.readAllBytes(smallVideo());
        String location = createRaw(tenant, video.length, null);
        byte[] first = Arrays.copyOf(video, 1000);
        HttpResponse<String> bad = patchRaw(location, tenant, 0, first, "sha1 " + b64(sha1(new byte[] {1})));
        assertThat(bad.statusCode()).isEqualTo(460);
        assertThat(bad.body()).contains("checksum-mismatch");
        assertThat(headOffset(location, tenant)).isZero();
        HttpResponse<String> unknown = patchRaw(location, tenant, 0, first, "crc32 AAAA");
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> good = patchRaw(location, tenant, 0, first, "sha1 " + b64(sha1(first)));
        assertThat(good.statusCode()).isEqualTo(204);
        assertThat(good.headers().firstValue("Upload-Offset")).hasValue("1000");
        // a wrong offset is a 409 that says where the upload is
        HttpResponse<String> wrong = patchRaw(location, tenant, 5, first, null);
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(wrong.body()).contains("at 1000");
        byte[] rest = Arrays.copyOfRange(video, 1000, video.length);
        HttpResponse<String> last = patchRaw(location, tenant, 1000, rest, "sha256 " + b64(sha256raw(rest)));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        String job = last.headers().firstValue("Reelpipe-Job-Id").orElseThrow();
        // the last PATCH again (its answer lost on a flaky link): still a success, same job
        HttpResponse<String> again = patchRaw(location, tenant, video.length, new byte[0], null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(204);
        assertThat(again.headers().firstValue("Reelpipe-Job-Id")).hasValue(job);
    }

    @Test
    void secondPatchWhileOneRunsIsLockedAndAStaleLockClearsItself() throws Exception {
        String tenant = "t-tus-lock";
        Path file = paddedVideo(tmp, 6 * MIB, 4);
        byte[] bytes = Files.readAllBytes(file);
        String location = createRaw(tenant, bytes.length, null);
        // PATCH 1 streams slowly: headers and 64 KiB, then it waits
        HttpURLConnection slow = (HttpURLConnection) new URL(location).openConnection();
        slow.setRequestMethod("POST");
        slow.setRequestProperty("X-HTTP-Method-Override", "PATCH");
        slow.setDoOutput(true);
        slow.setFixedLengthStreamingMode(2 * MIB);
        slow.setRequestProperty("Tus-Resumable", "1.0.0");
        slow.setRequestProperty("X-Reelpipe-Tenant", tenant);
        slow.setRequestProperty("Upload-Offset", "0");
        slow.setRequestProperty("Content-Type", "application/offset+octet-stream");
        OutputStream out = slow.getOutputStream();
        out.write(bytes, 0, 64 * 1024);
        out.flush();
        String lockedId = idOf(new URL(location));
        for (int i = 0; i < 100 && db.sql("select lock_owner from tus_uploads where id = :id").bind("id", lockedId)
                .map(r -> java.util.Optional.ofNullable(r.get("lock_owner", String.class))).one().block().isEmpty(); i++) {
            Thread.sleep(50);
        }
        HttpResponse<String> busy = patchRaw(location, tenant, 0, new byte[10], null);
        assertThat(busy.statusCode()).isEqualTo(423);
        assertThat(busy.body()).contains("upload-locked");
        out.write(bytes, 64 * 1024, 2 * MIB - 64 * 1024);
        out.close();
        assertThat(slow.getResponseCode()).isEqualTo(204);
        assertThat(slow.getHeaderField("Upload-Offset")).isEqualTo(String.valueOf(2 * MIB));

        // a lock whose holder died (no heartbeat) expires: the next PATCH takes it over
        String id = idOf(new URL(location));
        db.sql("update tus_uploads set lock_owner = 'dead-instance/x', lock_expires_at = now() + interval '1 hour' "
                + "where id = :id").bind("id", id).fetch().rowsUpdated().block();
        assertThat(patchRaw(location, tenant, 2 * MIB, new byte[10], null).statusCode()).isEqualTo(423);
        db.sql("update tus_uploads set lock_expires_at = now() - interval '1 second' where id = :id")
                .bind("id", id).fetch().rowsUpdated().block();
        byte[] rest = Arrays.copyOfRange(bytes, 2 * MIB, bytes.length);
        HttpResponse<String> done = patchRaw(location, tenant, 2 * MIB, rest, null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        assertCompleted(id, tenant, file);
    }

    @Test
    void terminationAbortsTheMultipartUploadAndExpiryIsSwept() throws Exception {
        String tenant = "t-tus-gone";
        Path file = paddedVideo(tmp, 6 * MIB, 5);
        byte[] bytes = Files.readAllBytes(file);
        for (String how : List.of("delete", "expire")) {
            String location = createRaw(tenant, bytes.length, null);
            String id = idOf(new URL(location));
            assertThat(patchRaw(location, tenant, 0, Arrays.copyOf(bytes, 5 * MIB + 100), null).statusCode())
                    .isEqualTo(204);
            Map<String, Object> row = db.sql("select * from tus_uploads where id = :id").bind("id", id).fetch().one()
                    .block();
            String uploadId = (String) row.get("s3_upload_id");
            String key = (String) row.get("object_key");
            assertThat((String) row.get("parts").toString()).contains("\"number\": 1");
            if (how.equals("delete")) {
                HttpResponse<String> del = raw.send(HttpRequest.newBuilder(URI.create(location)).timeout(java.time.Duration.ofSeconds(90))
                        .header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", tenant).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(del.statusCode()).isEqualTo(204);
                assertThat(headStatus(location, tenant)).isEqualTo(404);
            } else {
                db.sql("update tus_uploads set expires_at = now() - interval '1 second' where id = :id")
                        .bind("id", id).fetch().rowsUpdated().block();
                assertThat(headStatus(location, tenant)).isEqualTo(410);
                assertThat(sweeper.sweep().block(WAIT)).isPositive();
                assertThat(headStatus(location, tenant)).isEqualTo(404);
            }
            assertThatThrownBy(() -> s3.complete(key, uploadId, List.of(new S3Multipart.PartInfo(1, "x", 1))))
                    .as("multipart upload aborted").matches(S3Multipart::missing);
            assertThat(Files.exists(spoolDir().resolve(id + ".tail"))).isFalse();
        }
        assertThat(objects.list(tenant + "/").collectList().block(WAIT)).isEmpty();
    }

    @Test
    void deferredLengthCreationWithUploadAndForwardedLocation() throws Exception {
        String tenant = "t-tus-defer";
        byte[] video = Files.readAllBytes(smallVideo());
        byte[] head = Arrays.copyOf(video, 4000);
        HttpResponse<String> created = raw.send(HttpRequest.newBuilder(URI.create(base() + "/v1/uploads/")).timeout(java.time.Duration.ofSeconds(90))
                .header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", tenant)
                .header("Upload-Defer-Length", "1")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "uploads.example.com")
                .header("X-Forwarded-Prefix", "/ingest")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Metadata", "filename " + b64("defer.mp4") + ",tags " + b64("a,b") + ",flag")
                .POST(HttpRequest.BodyPublishers.ofByteArray(head)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://uploads.example.com/ingest/v1/uploads/");
        assertThat(created.headers().firstValue("Upload-Offset")).hasValue("4000");
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
        String local = base() + "/v1/uploads/" + idOf(new URL(location));
        HttpResponse<Void> h = raw.send(HttpRequest.newBuilder(URI.create(local)).timeout(java.time.Duration.ofSeconds(90)).header("Tus-Resumable", "1.0.0")
                .header("X-Reelpipe-Tenant", tenant).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(h.headers().firstValue("Upload-Defer-Length")).hasValue("1");
        assertThat(h.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(h.headers().firstValue("Upload-Metadata").orElseThrow()).contains("filename ");
        HttpResponse<String> last = raw.send(HttpRequest.newBuilder(URI.create(local)).timeout(java.time.Duration.ofSeconds(90))
                .header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", tenant)
                .header("Upload-Offset", "4000").header("Upload-Length", String.valueOf(video.length))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(video, 4000, video.length)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        assertThat(last.headers().firstValue("Reelpipe-Asset-Id")).isPresent();
        assertCompleted(idOf(new URL(location)), tenant, smallVideo());
    }

    @Test
    void zeroByteNonVideoAndTruncatedUploadsGetAClearReason() throws Exception {
        String tenant = "t-tus-bad";
        // zero bytes: refused at creation, with the reason
        TusClient c = tusClient(tenant, new TusURLMemoryStore());
        Path empty = tmp.resolve("empty.mp4");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> c.createUpload(new TusUpload(empty.toFile())))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).getCausingConnection().getResponseCode())
                        .isEqualTo(415));
        // text named .mp4, and a video cut in half: the last PATCH answers 415, the status says why
        byte[] video = Files.readAllBytes(smallVideo());
        Map<String, byte[]> cases = Map.of(
                "not a video or audio file", "just some meeting notes, not a video\n".repeat(300)
                        .getBytes(StandardCharsets.UTF_8),
                "truncated", Arrays.copyOf(video, video.length / 2));
        for (var e : cases.entrySet()) {
            String location = createRaw(tenant, e.getValue().length, null);
            HttpResponse<String> r = patchRaw(location, tenant, 0, e.getValue(), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
            assertThat(r.body()).contains(e.getKey());
            http.get().uri(URI.create(location).getPath()).header("X-Reelpipe-Tenant", tenant).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.state").isEqualTo("FAILED")
                    .jsonPath("$.code").isEqualTo("unsupported-media")
                    .jsonPath("$.reason").value(v -> assertThat((String) v).contains(e.getKey()));
        }
        assertThat(objects.list(tenant + "/").collectList().block(WAIT)).isEmpty();
        assertThat(db.sql("select count(*) as n from assets where tenant = :t").bind("t", tenant)
                .map(r -> r.get("n", Long.class)).one().block()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private JsonNode assertCompleted(String id, String tenant, Path file) throws Exception {
        JsonNode st = http.get().uri("/v1/uploads/" + id).header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(st.get("state").asString()).as(st.toString()).isEqualTo("COMPLETED");
        String expected = sha256(file);
        assertThat(st.get("sha256").asString()).isEqualTo(expected);
        String assetId = st.get("assetId").asString();
        Map<String, Object> asset = db.sql("select * from assets where id = :id").bind("id", assetId).fetch().one()
                .block();
        assertThat(asset.get("sha256")).isEqualTo(expected);
        assertThat(asset.get("size_bytes")).isEqualTo(Files.size(file));
        byte[] stored = objects.getBytes(ObjectKeys.source(tenant, assetId)).block(WAIT);
        assertThat(sha256(stored)).isEqualTo(expected);
        assertThat(db.sql("select count(*) as n from jobs where id = :id").bind("id", st.get("jobId").asString())
                .map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
        return st;
    }

    private String createRaw(String tenant, long length, String metadata) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/v1/uploads/")).timeout(java.time.Duration.ofSeconds(90))
                .header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", tenant)
                .header("Upload-Length", String.valueOf(length));
        if (metadata != null) {
            b.header("Upload-Metadata", metadata);
        }
        HttpResponse<String> r = raw.send(b.POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> patchRaw(String location, String tenant, long offset, byte[] body, String checksum)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(location)).timeout(java.time.Duration.ofSeconds(90))
                .header("Tus-Resumable", "1.0.0").header("X-Reelpipe-Tenant", tenant)
                .header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream");
        if (checksum != null) {
            b.header("Upload-Checksum", checksum);
        }
        return raw.send(b.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long headOffset(String location, String tenant) throws Exception {
        HttpResponse<Void> r = raw.send(HttpRequest.newBuilder(URI.create(location)).timeout(java.time.Duration.ofSeconds(90)).header("Tus-Resumable", "1.0.0")
                .header("X-Reelpipe-Tenant", tenant).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private int headStatus(String location, String tenant) throws Exception {
        return raw.send(HttpRequest.newBuilder(URI.create(location)).timeout(java.time.Duration.ofSeconds(90)).header("Tus-Resumable", "1.0.0")
                .header("X-Reelpipe-Tenant", tenant).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String idOf(URL url) {
        String p = url.getPath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] sha1(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(b);
    }

    private static byte[] sha256raw(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
