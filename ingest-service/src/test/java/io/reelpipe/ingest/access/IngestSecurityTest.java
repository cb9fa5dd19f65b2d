package io.reelpipe.ingest.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.devstack.junit.DevStackExtension;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.ingest.IngestTestBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * ingest with API keys on (its other tests run with {@code reelpipe.security.enabled=false}, see
 * {@code src/test/resources/config/application.properties}): keys made through {@code /v1/api-keys} by the
 * bootstrap admin, then each role × own/other tenant on the upload, job, asset, pool and key endpoints.
 */
@WithDevStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelpipe.security.enabled=true",
        "reelpipe.security.bootstrap-admin-key=" + IngestSecurityTest.BOOTSTRAP,
        "reelpipe.ingest.probe-timeout=20s",
        "reelpipe.ingest.tus.sweeper-enabled=false"})
class IngestSecurityTest {

    static final String BOOTSTRAP = "rp_test_ingestBootstrapAdminKey000000000001";
    static final Pattern FIELD = Pattern.compile("\"(key|jobId|assetId|id)\":\"([^\"]+)\"");
    static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void devStack(DynamicPropertyRegistry registry) {
        DevStackExtension.shared().springProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("reelpipe.ingest.tus.spool-dir", () -> IngestTestBase.spoolDir().toString());
    }

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    io.reelpipe.pipeline.storage.ObjectStore store;
    @org.springframework.beans.factory.annotation.Autowired
    io.reelpipe.pipeline.bus.MessageBus bus;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    String own;      // tenant "sec-a"
    String uploaderA, editorA, operatorA, adminA, editorB, adminB;
    String jobA, assetA;

    HttpResponse<String> call(String method, String path, String key, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no " + name + " in " + json);
    }

    String makeKey(String tenant, String role) {
        HttpResponse<String> r = call("POST", "/v1/api-keys", BOOTSTRAP,
                "{\"tenant\":\"" + tenant + "\",\"roles\":[\"" + role + "\"],\"name\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return field(r.body(), "key");
    }

    HttpResponse<String> upload(String key) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/assets?filename=clip.mp4")).timeout(WAIT)
                .header("Content-Type", "video/mp4")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(IngestTestBase.smallVideo())));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void keysAndAnUpload() throws IOException {
        uploaderA = makeKey("sec-a", "uploader");
        editorA = makeKey("sec-a", "editor");
        operatorA = makeKey("sec-a", "operator");
        adminA = makeKey("sec-a", "admin");
        editorB = makeKey("sec-b", "editor");
        adminB = makeKey("sec-b", "admin");
        HttpResponse<String> r = upload(uploaderA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        jobA = field(r.body(), "jobId");
        assertA(r.body());
    }

    void assertA(String body) {
        assetA = field(body, "assetId");
    }

    @Test
    void isolationMatrix() throws IOException {
        List<String> table = new ArrayList<>();
        // uploads: uploader (and admin) only; the tenant comes from the key
        assertThat(upload(editorA).statusCode()).isEqualTo(403);
        assertThat(upload(operatorA).statusCode()).isEqualTo(403);
        assertThat(upload(null).statusCode()).isEqualTo(401);
        table.add("POST /v1/assets: uploader 202, editor 403, operator 403, no key 401");

        String job = "/v1/jobs/" + jobA;
        String asset = "/v1/assets/" + assetA;
        Object[][] cases = {
                {job, editorA, 200}, {job, adminA, 200}, {job, uploaderA, 403}, {job, operatorA, 403},
                {job, editorB, 404}, {job, adminB, 404}, {job, null, 401}, {job, "rp_test_unknown", 401},
                {asset, editorA, 200}, {asset, adminA, 200}, {asset, uploaderA, 403}, {asset, operatorA, 403},
                {asset, editorB, 404}, {asset, adminB, 404},
                {"/admin/pools", operatorA, 200}, {"/admin/pools", adminA, 200}, {"/admin/pools", editorA, 403},
                {"/admin/pools", uploaderA, 403},
                {"/v1/api-keys", adminA, 200}, {"/v1/api-keys", editorA, 403}, {"/v1/api-keys", operatorA, 403}};
        for (Object[] c : cases) {
            HttpResponse<String> r = call("GET", (String) c[0], (String) c[1], null);
            table.add("GET " + c[0] + " as " + who((String) c[1]) + " → " + r.statusCode());
            assertThat(r.statusCode()).as("GET " + c[0] + " as " + who((String) c[1]) + ": " + r.body())
                    .isEqualTo((int) c[2]);
            if (r.statusCode() >= 400) {
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            }
        }
        // naming the owner's tenant in the header changes nothing for another tenant's key
        assertThat(call("GET", job, editorB, null, "X-Reelpipe-Tenant", "sec-a").statusCode()).isEqualTo(404);
        // the system admin acts on the tenant it names, and only there
        assertThat(call("GET", job, BOOTSTRAP, null, "X-Reelpipe-Tenant", "sec-a").statusCode()).isEqualTo(200);
        assertThat(call("GET", job, BOOTSTRAP, null, "X-Reelpipe-Tenant", "sec-b").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        System.out.println("ingest isolation matrix:\n" + String.join("\n", table));
    }

    String who(String key) {
        if (key == null) {
            return "no key";
        }
        if (key.equals(uploaderA)) {
            return "uploader(own)";
        }
        if (key.equals(editorA)) {
            return "editor(own)";
        }
        if (key.equals(operatorA)) {
            return "operator(own)";
        }
        if (key.equals(adminA)) {
            return "admin(own)";
        }
        if (key.equals(editorB)) {
            return "editor(other)";
        }
        if (key.equals(adminB)) {
            return "admin(other)";
        }
        return "unknown key";
    }

    @Test
    void assetDeletedByTheGatewayIsMarkedAndItsJobCancelled() throws Exception {
        HttpResponse<String> up = upload(uploaderA);
        assertThat(up.statusCode()).isEqualTo(202);
        String job = field(up.body(), "jobId");
        String asset = field(up.body(), "assetId");
        // the asset descriptor read models rebuild from (catalog-service)
        byte[] descriptor = store.getBytes(io.reelpipe.pipeline.storage.ObjectKeys.assetDescriptor("sec-a", asset))
                .block(WAIT);
        var d = io.reelpipe.pipeline.wire.WireFormat.mapper().readTree(descriptor);
        assertThat(d.path("assetId").asString()).isEqualTo(asset);
        assertThat(d.path("filename").asString()).isEqualTo("clip.mp4");
        assertThat(d.path("media").path("durationSeconds").asDouble()).isPositive();
        // its AssetDeleted on reelpipe.events, read by a consumer group of this test's own
        var announced = bus.receive(io.reelpipe.pipeline.wire.Topics.EVENTS, "test-deleted-" + asset)
                .doOnNext(io.reelpipe.pipeline.bus.ReceivedMessage::ack)
                .map(m -> io.reelpipe.pipeline.wire.WireFormat.readEvent(m.value()))
                .filter(e -> e instanceof io.reelpipe.pipeline.wire.StageEvent.AssetDeleted a
                        && a.assetId().equals(asset))
                .next().timeout(Duration.ofSeconds(30)).toFuture();
        // what storage-gateway's DELETE /v1/assets/{id} appends
        try (io.lettuce.core.RedisClient c = io.lettuce.core.RedisClient.create(
                DevStackExtension.shared().redisUri()); var conn = c.connect()) {
            conn.sync().xadd(io.reelpipe.ingest.deletion.AssetDeletionConsumer.STREAM, java.util.Map.of(
                    "type", "AssetDeleted", "tenant", "sec-a", "assetId", asset, "objects", "1", "bytes", "1",
                    "jobIds", "", "at", java.time.Instant.now().toString()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String a = "";
        String j = "";
        while (System.nanoTime() < deadline) {
            a = call("GET", "/v1/assets/" + asset, editorA, null).body();
            j = call("GET", "/v1/jobs/" + job, editorA, null).body();
            if (a.contains("\"state\":\"DELETED\"") && j.contains("\"state\":\"CANCELLED\"")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(a).contains("\"state\":\"DELETED\"");
        assertThat(j).contains("\"state\":\"CANCELLED\"");
        var deleted = (io.reelpipe.pipeline.wire.StageEvent.AssetDeleted) announced.get();
        assertThat(deleted.tenant()).isEqualTo("sec-a");
        assertThat(deleted.jobIds()).contains(job);
        assertThat(deleted.jobId()).isNull();
    }

    @Test
    void browserClientsGetCorsAnswersBeforeAndWithoutAKey() {
        String origin = "https://uploader.example.com";
        // tus-js-client's preflight for a creation: answered without a key, tus request headers allowed
        HttpResponse<String> pre = call("OPTIONS", "/v1/uploads", null, null, "Origin", origin,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "tus-resumable,upload-length,upload-metadata,x-api-key");
        assertThat(pre.statusCode()).isEqualTo(200);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValueSatisfying(
                v -> assertThat(v).isIn("*", origin));
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("tus-resumable", "upload-length", "upload-metadata", "x-api-key");
        // a PATCH preflight (resume) too
        HttpResponse<String> patch = call("OPTIONS", "/v1/uploads/abc", null, null, "Origin", origin,
                "Access-Control-Request-Method", "PATCH",
                "Access-Control-Request-Headers", "tus-resumable,upload-offset,content-type,authorization");
        assertThat(patch.statusCode()).isEqualTo(200);
        assertThat(patch.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PATCH");
        // plain tus capability discovery (no preflight) still reaches the tus handler
        HttpResponse<String> discovery = call("OPTIONS", "/v1/uploads", null, null);
        assertThat(discovery.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        // without a key: 401, and the page can read why
        HttpResponse<String> denied = call("GET", "/v1/jobs/some-job", null, null, "Origin", origin);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        assertThat(denied.body()).contains("API key");
        // a creation from the page exposes what tus-js-client must read
        HttpResponse<String> created = call("POST", "/v1/uploads", uploaderA, null, "Origin", origin,
                "Tus-Resumable", "1.0.0", "Upload-Length", "1000");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("Location", "Upload-Offset", "Tus-Resumable");
        assertThat(created.headers().allValues("Access-Control-Expose-Headers")).hasSize(1);
    }

    @Test
    void keysAreShownOnceListedWithoutSecretsAndRevocable() {
        HttpResponse<String> made = call("POST", "/v1/api-keys", adminA, "{\"roles\":[\"editor\"],\"name\":\"temp\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String key = field(made.body(), "key");
        String id = field(made.body(), "id");
        assertThat(key).startsWith("rp_live_");
        assertThat(made.body()).contains("\"tenant\":\"sec-a\"");

        HttpResponse<String> list = call("GET", "/v1/api-keys", adminA, null);
        assertThat(list.body()).contains(id).doesNotContain(key).doesNotContain("\"key\"");
        assertThat(call("GET", "/v1/jobs/" + jobA, key, null).statusCode()).isEqualTo(200);

        // another tenant's admin can neither see nor revoke it, nor mint keys for sec-a
        assertThat(call("DELETE", "/v1/api-keys/" + id, adminB, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/api-keys", adminB, null).body()).doesNotContain(id);
        assertThat(call("POST", "/v1/api-keys", adminB, "{\"tenant\":\"sec-a\",\"roles\":[\"admin\"]}").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/v1/api-keys", editorA, "{\"roles\":[\"admin\"]}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/v1/api-keys", adminA, "{\"roles\":[\"root\"]}").statusCode()).isEqualTo(400);

        HttpResponse<String> revoked = call("DELETE", "/v1/api-keys/" + id, adminA, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"revokedAt\":\"");
        assertThat(call("GET", "/v1/jobs/" + jobA, key, null).statusCode()).isEqualTo(401);
    }

    @Test
    void everyKeyCanAskWhoItIsAndLearnsOnlyItsOwnTenantAndRoles() {
        HttpResponse<String> uploader = call("GET", "/v1/me", uploaderA, null);
        assertThat(uploader.statusCode()).as(uploader.body()).isEqualTo(200);
        assertThat(uploader.body()).contains("\"tenant\":\"sec-a\"").contains("\"roles\":[\"uploader\"]")
                .contains("\"name\":\"uploader\"").contains("\"upload\":true").contains("\"read\":false")
                .contains("\"operate\":false").contains("\"systemAdmin\":false").doesNotContain(uploaderA);
        assertThat(call("GET", "/v1/me", operatorA, null).body()).contains("\"roles\":[\"operator\"]")
                .contains("\"operate\":true").contains("\"upload\":false");
        assertThat(call("GET", "/v1/me", adminA, null).body()).contains("\"administer\":true")
                .contains("\"upload\":true").contains("\"read\":true").contains("\"operate\":true");
        // the tenant header cannot make a key another tenant's
        assertThat(call("GET", "/v1/me", editorB, null, "X-Reelpipe-Tenant", "sec-a").body())
                .doesNotContain("sec-a").contains("\"read\":true");
        assertThat(call("GET", "/v1/me", BOOTSTRAP, null).body()).contains("\"systemAdmin\":true");
        assertThat(call("GET", "/v1/me", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/me", "rp_live_notAKeyAtAll0000000000000000000000000", null).statusCode())
                .isEqualTo(401);
    }
}
