package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.security.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Names that must never become object keys: traversal, NUL, backslashes, over-long, odd Unicode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathSafetyTest extends GatewayTestSupport {

    static final String A = "asset-paths";
    String editor;

    @BeforeAll
    void fixture() {
        put("acme", A, "subtitle", "en.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8), "text/vtt");
        // a file of another asset and another tenant that a traversal would reach
        put("acme", "asset-secret", "subtitle", "en.vtt", "TOP-SECRET-BYTES".getBytes(StandardCharsets.UTF_8), "text/vtt");
        put("evil", A, "subtitle", "en.vtt", "TOP-SECRET-BYTES".getBytes(StandardCharsets.UTF_8), "text/vtt");
        editor = key("acme", Role.EDITOR);
    }

    @Test
    void unsafeNamesAreRefusedNeverServed() {
        String base = "/v1/assets/" + A + "/files/";
        List<String> bad = List.of(
                "../../etc/passwd",
                "subtitle/../../asset-secret/subtitle/en.vtt",
                "%2e%2e/%2e%2e/asset-secret/subtitle/en.vtt",
                "subtitle/%2e%2e/%2e%2e/%2e%2e/evil/" + A + "/subtitle/en.vtt",
                "subtitle/..%2F..%2Fasset-secret%2Fsubtitle%2Fen.vtt",
                "subtitle/en.vtt%00.jpg",
                "subtitle/%5C..%5Cen.vtt",
                "%2Fetc%2Fpasswd",
                "subtitle//en.vtt",
                "subtitle/./en.vtt",
                "subtitle/" + "a".repeat(600) + ".vtt",
                "subtitle/caf%C3%A9.vtt",          // NFC but not a stored name: metadata only
                "subtitle/cafe%CC%81.vtt",          // NFD
                "subtitle/%E2%80%AEtxt.vtt",        // right-to-left override
                "subtitle/%EF%BC%8E%EF%BC%8E/en.vtt", // fullwidth dots
                "subtitle");
        for (String p : bad) {
            HttpResponse<byte[]> r = get(base + p, editor);
            assertThat(r.statusCode()).as(p).isIn(400, 404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(p).doesNotContain("TOP-SECRET");
            if (r.statusCode() == 400) {
                assertThat(r.headers().firstValue("Content-Type")).as(p).hasValue("application/problem+json");
            }
        }
        // the ones the router sees as files of this asset are refused by the path rules (400), not looked up
        for (String p : List.of("%2e%2e/%2e%2e/asset-secret/subtitle/en.vtt", "subtitle/en.vtt%00.jpg",
                "subtitle/%5C..%5Cen.vtt", "subtitle/" + "a".repeat(600) + ".vtt", "subtitle/cafe%CC%81.vtt",
                "subtitle/caf%C3%A9.vtt", "subtitle/%E2%80%AEtxt.vtt", "subtitle//en.vtt", "subtitle")) {
            assertThat(get(base + p, editor).statusCode()).as(p).isEqualTo(400);
        }
        assertThat(get(base + "subtitle/en.vtt", editor).statusCode()).isEqualTo(200);
        // an asset id that cannot exist
        assertThat(get("/v1/assets/..%2Fasset-secret/files/subtitle/en.vtt", editor).statusCode()).isIn(400, 404);
        assertThat(get("/v1/assets/%2e%2e/files/subtitle/en.vtt", editor).statusCode()).isIn(400, 404);
    }
}
