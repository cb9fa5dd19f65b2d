package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.security.Role;
import io.reelpipe.pipeline.storage.ObjectKeys;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every role × own/other tenant × endpoint, with the expected status: wrong role 403 (whatever the tenant), right
 * role on another tenant's asset 404 (never 403: ids of other tenants are not confirmed), no or revoked key 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationMatrixTest extends GatewayTestSupport {

    static final String OWN = "iso-a";
    static final String OTHER = "iso-b";
    static final String ASSET = "asset-iso";
    final AtomicInteger fresh = new AtomicInteger();

    enum Endpoint { GET_FILE, HEAD_FILE, PRESIGN, DELETE }

    /** Expected status for a role acting on its own tenant's asset; on another tenant's: 404 where this is 2xx. */
    static final Map<Endpoint, Map<Role, Integer>> OWN_EXPECTED = Map.of(
            Endpoint.GET_FILE, Map.of(Role.UPLOADER, 403, Role.EDITOR, 200, Role.OPERATOR, 403, Role.ADMIN, 200),
            Endpoint.HEAD_FILE, Map.of(Role.UPLOADER, 403, Role.EDITOR, 200, Role.OPERATOR, 403, Role.ADMIN, 200),
            Endpoint.PRESIGN, Map.of(Role.UPLOADER, 403, Role.EDITOR, 200, Role.OPERATOR, 403, Role.ADMIN, 200),
            Endpoint.DELETE, Map.of(Role.UPLOADER, 200, Role.EDITOR, 403, Role.OPERATOR, 403, Role.ADMIN, 200));

    @BeforeAll
    void fixture() {
        putSmall(OWN, ASSET);
    }

    void putSmall(String tenant, String asset) {
        put(tenant, asset, "subtitle", "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8), "text/vtt");
    }

    HttpResponse<byte[]> call(Endpoint e, String asset, String key, String... headers) {
        return switch (e) {
            case GET_FILE -> get("/v1/assets/" + asset + "/files/subtitle/en.vtt", key, headers);
            case HEAD_FILE -> send("HEAD", "/v1/assets/" + asset + "/files/subtitle/en.vtt", key, headers);
            case PRESIGN -> send("POST", "/v1/assets/" + asset + "/files/subtitle/en.vtt:presign", key, headers);
            case DELETE -> send("DELETE", "/v1/assets/" + asset, key, headers);
        };
    }

    boolean exists(String tenant, String asset) {
        return store.stat(ObjectKeys.stageOutput(tenant, asset, "subtitle", "en.vtt")).block(WAIT).isPresent();
    }

    @Test
    void matrix() {
        List<String> table = new ArrayList<>();
        table.add(String.format("%-10s %-9s %-6s %s", "endpoint", "role", "tenant", "status"));
        for (Endpoint e : Endpoint.values()) {
            for (Role role : Role.values()) {
                for (boolean own : new boolean[] {true, false}) {
                    String key = key(own ? OWN : OTHER, role);
                    int ownStatus = OWN_EXPECTED.get(e).get(role);
                    int expected = own ? ownStatus : (ownStatus == 403 ? 403 : 404);
                    // a successful DELETE removes the asset: give it one of its own
                    String asset = ASSET;
                    if (e == Endpoint.DELETE && own && expected == 200) {
                        asset = "asset-del-" + fresh.incrementAndGet();
                        putSmall(OWN, asset);
                    }
                    // a key of the other tenant naming the owner in the tenant header changes nothing
                    HttpResponse<byte[]> r = call(e, asset, key, "X-Reelpipe-Tenant", OWN);
                    table.add(String.format("%-10s %-9s %-6s %d", e, role.wireName(), own ? "own" : "other",
                            r.statusCode()));
                    assertThat(r.statusCode()).as(e + " " + role + " " + (own ? "own" : "other")).isEqualTo(expected);
                    if (expected >= 400) {
                        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    }
                    if (e == Endpoint.DELETE) {
                        assertThat(exists(OWN, asset)).isEqualTo(expected != 200);
                    }
                }
            }
        }
        assertThat(exists(OWN, ASSET)).isTrue();
        System.out.println("gateway isolation matrix (X-Reelpipe-Tenant: " + OWN + " sent every time):\n"
                + String.join("\n", table));
    }

    @Test
    void missingInvalidAndRevokedKeysAre401() {
        for (Endpoint e : Endpoint.values()) {
            HttpResponse<byte[]> none = call(e, ASSET, null);
            assertThat(none.statusCode()).as(e.name()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            if (e != Endpoint.HEAD_FILE) {
                assertThat(new String(none.body(), StandardCharsets.UTF_8)).contains("\"code\":\"unauthenticated\"");
            }
            assertThat(call(e, ASSET, "rp_test_notAKey").statusCode()).isEqualTo(401);
        }
        String k = apiKeys.create(OWN, java.util.Set.of(Role.EDITOR), "to revoke").block(WAIT).key();
        assertThat(call(Endpoint.GET_FILE, ASSET, k).statusCode()).isEqualTo(200);
        String id = apiKeys.verify(k).block(WAIT).id();
        apiKeys.revoke(id).block(WAIT);
        assertThat(call(Endpoint.GET_FILE, ASSET, k).statusCode()).isEqualTo(401);
        // X-Api-Key works like Bearer
        HttpResponse<byte[]> viaHeader = get("/v1/assets/" + ASSET + "/files/subtitle/en.vtt", null,
                "X-Api-Key", key(OWN, Role.EDITOR));
        assertThat(viaHeader.statusCode()).isEqualTo(200);
        // health stays public
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<byte[]> health = get(probe, null);
            assertThat(health.statusCode()).as(probe + " " + text(health)).isEqualTo(200);
        }
    }

    @Test
    void playersGetCorsAnswersWithAndWithoutAKey() {
        String origin = "https://player.example.com";
        String path = "/v1/assets/" + ASSET + "/files/subtitle/en.vtt";
        HttpResponse<byte[]> pre = send("OPTIONS", path, null, "Origin", origin,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization,range");
        assertThat(pre.statusCode()).isEqualTo(200);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValueSatisfying(
                v -> assertThat(v).isIn("*", origin));
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization", "range");
        HttpResponse<byte[]> ok = get(path, key(OWN, Role.EDITOR), "Origin", origin, "Range", "bytes=0-3");
        assertThat(ok.statusCode()).isEqualTo(206);
        assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Content-Range");
        HttpResponse<byte[]> denied = get(path, null, "Origin", origin);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    }

    @Test
    void systemAdminActsOnTheTenantItNames() {
        assertThat(call(Endpoint.GET_FILE, ASSET, BOOTSTRAP_KEY, "X-Reelpipe-Tenant", OWN).statusCode())
                .isEqualTo(200);
        assertThat(call(Endpoint.GET_FILE, ASSET, BOOTSTRAP_KEY).statusCode()).isEqualTo(404); // its own tenant
        assertThat(call(Endpoint.GET_FILE, ASSET, BOOTSTRAP_KEY, "X-Reelpipe-Tenant", "../x").statusCode())
                .isEqualTo(400);
        // a tenant admin is not a system admin
        assertThat(call(Endpoint.GET_FILE, ASSET, key(OTHER, Role.ADMIN), "X-Reelpipe-Tenant", OWN).statusCode())
                .isEqualTo(404);
    }
}
