package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.pipeline.security.Role;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Range, conditional GET, HEAD, Content-Type/Cache-Control, and HLS played through the gateway. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingTest extends GatewayTestSupport {

    static final String T = "acme";
    static final String A = "asset-serve";
    String editor;
    byte[] mp4;

    @BeforeAll
    void fixture() throws Exception {
        putAsset(T, A);
        editor = key(T, Role.EDITOR);
        mp4 = Files.readAllBytes(ladder().resolve("transcode/mp4/180p.mp4"));
    }

    String file(String path) {
        return "/v1/assets/" + A + "/files/" + path;
    }

    @Test
    void wholeFileWithValidators() {
        HttpResponse<byte[]> r = get(file("transcode/mp4/180p.mp4"), editor);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(mp4);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("ETag").orElseThrow()).matches("\"[^\"]+\"");
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, max-age=86400");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(mp4.length);
    }

    @Test
    void ranges() {
        HttpResponse<byte[]> first = get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=0-99");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(mp4, 0, 100));
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + mp4.length);
        assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(100);

        HttpResponse<byte[]> middle = get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(mp4, 1000, 2000));
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + mp4.length);

        HttpResponse<byte[]> open = get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=" + (mp4.length - 10) + "-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(mp4, mp4.length - 10, mp4.length));

        HttpResponse<byte[]> suffix = get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=-100");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(mp4, mp4.length - 100, mp4.length));
        assertThat(suffix.headers().firstValue("Content-Range"))
                .hasValue("bytes " + (mp4.length - 100) + "-" + (mp4.length - 1) + "/" + mp4.length);

        HttpResponse<byte[]> past = get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=" + mp4.length + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + mp4.length);
        assertThat(past.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=-0").statusCode()).isEqualTo(416);
        // multi-range and malformed ranges are ignored: the whole file (RFC 9110 allows it)
        HttpResponse<byte[]> multi = get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=0-1,5-6");
        assertThat(multi.statusCode()).isEqualTo(200);
        assertThat(multi.body()).hasSize(mp4.length);
        assertThat(get(file("transcode/mp4/180p.mp4"), editor, "Range", "bytes=9-3").statusCode()).isEqualTo(200);
    }

    @Test
    void conditionalGetAndIfRange() {
        HttpResponse<byte[]> r = get(file("transcode/hls/180p/seg-00000.ts"), editor);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        String lastModified = r.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<byte[]> again = get(file("transcode/hls/180p/seg-00000.ts"), editor, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(file("transcode/hls/180p/seg-00000.ts"), editor, "If-None-Match", "\"other\"").statusCode())
                .isEqualTo(200);
        assertThat(get(file("transcode/hls/180p/seg-00000.ts"), editor, "If-Modified-Since", lastModified)
                .statusCode()).isEqualTo(304);
        // If-Range: a matching ETag honours the range, a stale one gets the whole file
        assertThat(get(file("transcode/hls/180p/seg-00000.ts"), editor, "Range", "bytes=0-9", "If-Range", etag)
                .statusCode()).isEqualTo(206);
        assertThat(get(file("transcode/hls/180p/seg-00000.ts"), editor, "Range", "bytes=0-9", "If-Range", "\"old\"")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void headHasHeadersOnly() {
        HttpResponse<byte[]> r = send("HEAD", file("transcode/mp4/180p.mp4"), editor);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(mp4.length);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(send("HEAD", file("transcode/mp4/none.mp4"), editor).statusCode()).isEqualTo(404);
    }

    @Test
    void contentTypesAndCaching() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("transcode/hls/master.m3u8", "application/vnd.apple.mpegurl|private, no-cache"),
                Map.entry("transcode/hls/180p/index.m3u8", "application/vnd.apple.mpegurl|private, no-cache"),
                Map.entry("transcode/hls/180p/seg-00000.ts", "video/mp2t|private, max-age=86400"),
                Map.entry("transcode/hls/180p/init.m4s", "video/iso.segment|private, max-age=86400"),
                Map.entry("transcode/mp4/180p.mp4", "video/mp4|private, max-age=86400"),
                Map.entry("subtitle/en.vtt", "text/vtt|private, max-age=86400"),
                Map.entry("subtitle/en.srt", "application/x-subrip|private, max-age=86400"),
                Map.entry("thumbnail/poster.jpg", "image/jpeg|private, max-age=86400"),
                Map.entry("thumbnail/preview.webp", "image/webp|private, max-age=86400"),
                Map.entry("thumbnail/preview.gif", "image/gif|private, max-age=86400"),
                Map.entry("transcode/manifest.json", "application/json|private, no-cache"),
                Map.entry("source/original", "video/mp4|private, no-cache"));
        expected.forEach((path, v) -> {
            HttpResponse<byte[]> r = get(file(path), editor);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue(v.split("\\|")[0]);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue(v.split("\\|")[1]);
        });
        assertThat(get(file("transcode/hls/missing.ts"), editor).statusCode()).isEqualTo(404);
    }

    @Test
    void hlsPlaysThroughTheGateway(@TempDir Path tmp) throws Exception {
        HttpResponse<byte[]> master = get(file("transcode/hls/master.m3u8"), editor);
        assertThat(master.statusCode()).isEqualTo(200);
        URI masterUri = URI.create("http://127.0.0.1:" + port + file("transcode/hls/master.m3u8"));
        List<String> variants = uris(text(master));
        assertThat(variants).containsExactly("180p/index.m3u8");
        URI media = masterUri.resolve(variants.get(0));
        HttpResponse<byte[]> playlist = get(media.getRawPath(), editor);
        assertThat(playlist.statusCode()).isEqualTo(200);
        List<String> segments = uris(text(playlist));
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2).allMatch(s -> s.matches("seg-\\d{5}\\.ts"));
        double total = 0;
        for (String s : segments) {
            HttpResponse<byte[]> seg = get(media.resolve(s).getRawPath(), editor);
            assertThat(seg.statusCode()).isEqualTo(200);
            assertThat(seg.headers().firstValue("Content-Type")).hasValue("video/mp2t");
            Path f = Files.write(tmp.resolve(s), seg.body());
            MediaInfo info = MediaProbe.probeVerified(f);
            assertThat(info.hasVideo()).isTrue();
            assertThat(info.video().orElseThrow().width()).isEqualTo(320);
            total += info.duration().toMillis() / 1000.0;
        }
        assertThat(total).isBetween(1.5, 2.6);
    }

    static List<String> uris(String playlist) {
        return playlist.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
