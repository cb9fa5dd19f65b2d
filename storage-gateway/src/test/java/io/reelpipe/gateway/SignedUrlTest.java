package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.media.MediaProbe;
import io.reelpipe.pipeline.security.Role;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Presigned gateway URLs: valid, expired, tampered (signature, path, expiry), and HLS played with no key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedUrlTest extends GatewayTestSupport {

    static final String T = "acme";
    static final String A = "asset-signed";
    static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");
    String editor;

    @BeforeAll
    void fixture() throws Exception {
        putAsset(T, A);
        editor = key(T, Role.EDITOR);
    }

    URI presign(String path, String expiresIn) {
        HttpResponse<byte[]> r = send("POST", "/v1/assets/" + A + "/files/" + path + ":presign"
                + (expiresIn == null ? "" : "?expiresIn=" + expiresIn), editor);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        Matcher m = URL.matcher(text(r));
        assertThat(m.find()).isTrue();
        return URI.create(m.group(1));
    }

    HttpResponse<byte[]> open(URI u, String... headers) {
        return get(u.getRawPath() + "?" + u.getRawQuery(), null, headers);
    }

    @Test
    void validUrlWorksWithoutKeyAndHonoursRanges() throws Exception {
        URI u = presign("transcode/mp4/180p.mp4", "600");
        assertThat(u.getPath()).isEqualTo("/v1/signed/acme/asset-signed/transcode/mp4/180p.mp4");
        assertThat(u.getQuery()).matches("exp=\\d+&sig=[A-Za-z0-9_-]+");
        HttpResponse<byte[]> r = open(u);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Files.readAllBytes(ladder().resolve("transcode/mp4/180p.mp4")));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        assertThat(open(u, "Range", "bytes=0-9").statusCode()).isEqualTo(206);
        assertThat(send("HEAD", u.getRawPath() + "?" + u.getRawQuery(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredUrlIsGone() throws Exception {
        URI u = presign("subtitle/en.vtt", "1");
        Thread.sleep(2100);
        HttpResponse<byte[]> r = open(u);
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(text(r)).contains("\"code\":\"link-expired\"");
    }

    @Test
    void tamperedUrlsAreForbidden() {
        URI u = presign("subtitle/en.vtt", "600");
        String path = u.getRawPath();
        String q = u.getRawQuery();
        String exp = q.replaceAll(".*exp=(\\d+).*", "$1");
        String sig = q.replaceAll(".*sig=([^&]+).*", "$1");
        // signature changed
        String badSig = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        assertThat(get(path + "?exp=" + exp + "&sig=" + badSig, null).statusCode()).isEqualTo(403);
        // another file, same signature
        assertThat(get(path.replace("en.vtt", "en.srt") + "?" + q, null).statusCode()).isEqualTo(403);
        // another tenant in the path
        assertThat(get(path.replace("/acme/", "/other/") + "?" + q, null).statusCode()).isEqualTo(403);
        // a later expiry
        assertThat(get(path + "?exp=" + (Long.parseLong(exp) + 3600) + "&sig=" + sig, null).statusCode())
                .isEqualTo(403);
        // missing parts
        assertThat(get(path + "?exp=" + exp, null).statusCode()).isEqualTo(403);
        assertThat(get(path, null).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> r = get(path + "?exp=" + exp + "&sig=" + badSig, null);
        assertThat(text(r)).contains("\"code\":\"invalid-signature\"");
        // and the real one still works
        assertThat(get(path + "?" + q, null).statusCode()).isEqualTo(200);
    }

    @Test
    void presignRefusesBadInput() {
        assertThat(send("POST", "/v1/assets/" + A + "/files/transcode/none.ts:presign", editor).statusCode())
                .isEqualTo(404);
        assertThat(send("POST", "/v1/assets/" + A + "/files/subtitle/en.vtt:presign?expiresIn=0", editor)
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/assets/" + A + "/files/subtitle/en.vtt:presign?expiresIn=30d", editor)
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/assets/" + A + "/files/subtitle/en.vtt:presign?expiresIn=soon", editor)
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/assets/" + A + "/files/subtitle/en.vtt", editor).statusCode()).isEqualTo(405);
    }

    @Test
    void signedMasterPlaylistPlaysWithoutKey(@TempDir Path tmp) throws Exception {
        URI master = presign("transcode/hls/master.m3u8", "600");
        HttpResponse<byte[]> m = open(master);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        List<String> variants = ServingTest.uris(text(m));
        assertThat(variants).hasSize(1).allMatch(v -> v.startsWith("180p/index.m3u8?exp="));
        URI media = master.resolve(variants.get(0));
        HttpResponse<byte[]> p = open(media);
        assertThat(p.statusCode()).isEqualTo(200);
        List<String> segs = ServingTest.uris(text(p));
        assertThat(segs).hasSizeGreaterThanOrEqualTo(2).allMatch(s -> s.matches("seg-\\d{5}\\.ts\\?exp=\\d+&sig=.+"));
        for (String s : segs) {
            URI su = media.resolve(s);
            HttpResponse<byte[]> seg = open(su);
            assertThat(seg.statusCode()).isEqualTo(200);
            Path f = Files.write(tmp.resolve(su.getPath().substring(su.getPath().lastIndexOf('/') + 1)), seg.body());
            assertThat(MediaProbe.probeVerified(f).hasVideo()).isTrue();
        }
        // a child URL is bound to its own path
        URI seg0 = media.resolve(segs.get(0));
        assertThat(get(seg0.getRawPath().replace("seg-00000", "seg-00001") + "?" + seg0.getRawQuery(), null)
                .statusCode()).isEqualTo(403);
    }
}
