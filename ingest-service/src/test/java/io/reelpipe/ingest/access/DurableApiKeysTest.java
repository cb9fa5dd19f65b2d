package io.reelpipe.ingest.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.reelpipe.devstack.junit.DevStackExtension;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.ingest.IngestTestBase;
import io.reelpipe.pipeline.security.ApiKeyRecord;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.CreatedApiKey;
import io.reelpipe.pipeline.security.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API keys survive the loss of Redis: PostgreSQL owns them, Redis is a cache that ingest refills. Redis losing its
 * key records (the dev Redis restarted without data, a flush, a replaced instance) is simulated by deleting every
 * {@code rp:apikey*} key; the gateway's view is a plain Redis-only {@link ApiKeys}, as the gateway uses.
 */
@WithDevStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelpipe.security.enabled=true",
        "reelpipe.security.bootstrap-admin-key=" + DurableApiKeysTest.BOOTSTRAP,
        "reelpipe.api-keys.cache-check-interval=1h", // rounds are run by the tests themselves
        "reelpipe.ingest.tus.sweeper-enabled=false"})
class DurableApiKeysTest {

    static final String BOOTSTRAP = "rp_test_durableKeysBootstrapAdmin00000000001";

    @DynamicPropertySource
    static void devStack(DynamicPropertyRegistry registry) {
        DevStackExtension.shared().springProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("reelpipe.ingest.tus.spool-dir", () -> IngestTestBase.spoolDir().toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    ApiKeyCacheSync sync;

    final HttpClient http = HttpClient.newHttpClient();
    RedisClient redisClient;
    StatefulRedisConnection<String, String> conn;
    RedisCommands<String, String> redis;
    ApiKeys gatewayView;

    @BeforeAll
    void redis() {
        redisClient = RedisClient.create(DevStackExtension.shared().redisUri());
        conn = redisClient.connect();
        redis = conn.sync();
        gatewayView = new ApiKeys(conn.reactive(), "test");
    }

    @AfterAll
    void close() {
        conn.close();
        redisClient.shutdown();
    }

    @Test
    void aKeyOutlivesRedisLosingItsCache() throws Exception {
        String usedAtIngest = makeKey("durable-a", "editor");
        String usedAtGateway = makeKey("durable-a", "editor");
        assertThat(status("/v1/jobs", usedAtIngest)).isEqualTo(200);
        assertThat(db.sql("select tenant from api_keys where key_hash = :h")
                .bind("h", ApiKeys.sha256Hex(usedAtIngest)).map(r -> r.get("tenant", String.class)).one().block())
                .isEqualTo("durable-a");
        assertThat(sync.round(false).block()).as("nothing to copy while the cache is whole").isZero();

        loseTheCache();
        assertThat(gatewayView.verify(usedAtIngest).blockOptional()).as("gone from Redis").isEmpty();
        assertThat(gatewayView.verify(usedAtGateway).blockOptional()).isEmpty();
        // ingest answers at once: a key missing from Redis is looked up in PostgreSQL (and cached again)
        assertThat(status("/v1/jobs", usedAtIngest)).isEqualTo(200);
        assertThat(gatewayView.verify(usedAtGateway).blockOptional()).as("not yet: no refill has run").isEmpty();
        // the next check finds the cache incomplete and refills it for the services that read Redis only
        assertThat(sync.round(false).block()).isGreaterThanOrEqualTo(2L);
        assertThat(gatewayView.verify(usedAtGateway).blockOptional()).isPresent();
        assertThat(gatewayView.verify(BOOTSTRAP).blockOptional()).as("the bootstrap admin key too").isPresent();
    }

    @Test
    void aRevocationIsDurableAndReachesTheCache() throws Exception {
        String key = makeKey("durable-b", "editor");
        String id = onlyId(list("durable-b"));
        assertThat(call("DELETE", "/v1/api-keys/" + id, BOOTSTRAP, null).statusCode()).isEqualTo(200);
        assertThat(status("/v1/jobs", key)).isEqualTo(401);
        assertThat(gatewayView.verify(key).blockOptional()).isEmpty();
        loseTheCache();
        sync.round(true).block(Duration.ofSeconds(10));
        // refilled from PostgreSQL, still revoked: neither ingest nor the gateway take it
        assertThat(gatewayView.verify(key).blockOptional()).isEmpty();
        assertThat(status("/v1/jobs", key)).isEqualTo(401);
        assertThat(list("durable-b")).contains("\"revokedAt\":\"");
    }

    @Test
    void keysMadeBeforeKeysWereDurableAreAdopted() {
        // a key written to Redis only, as every key was before PostgreSQL owned them
        CreatedApiKey legacy = gatewayView.create("durable-c", Set.of(Role.UPLOADER), "legacy").block();
        sync.round(true).block(Duration.ofSeconds(10));
        List<String> ids = db.sql("select id from api_keys where key_hash = :h")
                .bind("h", ApiKeys.sha256Hex(legacy.key())).map(r -> r.get("id", String.class)).all().collectList()
                .block();
        assertThat(ids).containsExactly(legacy.record().id());
        loseTheCache();
        sync.round(true).block(Duration.ofSeconds(10));
        ApiKeyRecord back = gatewayView.verify(legacy.key()).block();
        assertThat(back).isNotNull();
        assertThat(back.roles()).containsExactly(Role.UPLOADER);
    }

    private void loseTheCache() {
        List<String> keys = redis.keys("rp:apikey*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }

    private String makeKey(String tenant, String role) {
        HttpResponse<String> r = call("POST", "/v1/api-keys", BOOTSTRAP,
                "{\"tenant\":\"" + tenant + "\",\"roles\":[\"" + role + "\"],\"name\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return IngestSecurityTest.field(r.body(), "key");
    }

    private String list(String tenant) {
        HttpResponse<String> r = call("GET", "/v1/api-keys", BOOTSTRAP, null, "X-Reelpipe-Tenant", tenant);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private int status(String path, String key) {
        return call("GET", path, key, null).statusCode();
    }

    private HttpResponse<String> call(String method, String path, String key, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key);
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

    /** The id of the one key in a listing of {@code GET /v1/api-keys}. */
    private static String onlyId(String listing) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"(ak_[^\"]+)\"").matcher(listing);
        assertThat(m.find()).as(listing).isTrue();
        return m.group(1);
    }
}
