package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.gateway.hls.PlaylistRewriter;
import io.reelpipe.gateway.signing.UrlSigner;
import io.reelpipe.gateway.web.ByteRange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** No servers: the signature helper, range parsing and playlist rewriting. */
class UnitTest {

    @Test
    void signatures() {
        Clock at = Clock.fixed(Instant.ofEpochSecond(1_000), ZoneOffset.UTC);
        UrlSigner s = new UrlSigner("k".getBytes(StandardCharsets.UTF_8), at);
        String sig = s.sign("GET", "/v1/signed/t/a/x/y.ts", 2_000);
        assertThat(sig).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.verify("GET", "/v1/signed/t/a/x/y.ts", "2000", sig)).isEqualTo(UrlSigner.Verdict.VALID);
        assertThat(s.verify("GET", "/v1/signed/t/a/x/z.ts", "2000", sig)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(s.verify("PUT", "/v1/signed/t/a/x/y.ts", "2000", sig)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(s.verify("GET", "/v1/signed/t/a/x/y.ts", "2001", sig)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(s.verify("GET", "/v1/signed/t/a/x/y.ts", "abc", sig)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(s.verify("GET", "/v1/signed/t/a/x/y.ts", null, sig)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(new UrlSigner("other".getBytes(StandardCharsets.UTF_8), at)
                .verify("GET", "/v1/signed/t/a/x/y.ts", "2000", sig)).isEqualTo(UrlSigner.Verdict.INVALID);
        String old = s.sign("GET", "/p", 999);
        assertThat(s.verify("GET", "/p", "999", old)).isEqualTo(UrlSigner.Verdict.EXPIRED);
    }

    @Test
    void ranges() {
        assertThat(ByteRange.parse(null, 10)).isEqualTo(ByteRange.NONE);
        assertThat(ByteRange.parse("bytes=0-3", 10)).isEqualTo(new ByteRange(0, 3));
        assertThat(ByteRange.parse("bytes=4-", 10)).isEqualTo(new ByteRange(4, 9));
        assertThat(ByteRange.parse("bytes=4-400", 10)).isEqualTo(new ByteRange(4, 9));
        assertThat(ByteRange.parse("bytes=-3", 10)).isEqualTo(new ByteRange(7, 9));
        assertThat(ByteRange.parse("bytes=-30", 10)).isEqualTo(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=10-", 10)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 10)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 10)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-0", 0)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=5-2", 10)).isEqualTo(ByteRange.NONE);
        assertThat(ByteRange.parse("bytes=0-1,3-4", 10)).isEqualTo(ByteRange.NONE);
        assertThat(ByteRange.parse("items=0-1", 10)).isEqualTo(ByteRange.NONE);
        assertThat(ByteRange.parse("bytes=x-1", 10)).isEqualTo(ByteRange.NONE);
    }

    @Test
    void playlistUrisAreSignedRelativeToThePlaylist() {
        String master = """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="s",NAME="en",URI="../../subtitle/en.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1
                720p/index.m3u8

                https://cdn.example.com/x.m3u8
                /abs/x.m3u8
                ../../../escape.m3u8
                """;
        String out = PlaylistRewriter.rewrite(master, "transcode/hls/master.m3u8", p -> "[" + p + "]");
        assertThat(out).contains("URI=\"[subtitle/en.m3u8]\"", "\n[transcode/hls/720p/index.m3u8]\n",
                "\nhttps://cdn.example.com/x.m3u8\n", "\n/abs/x.m3u8\n", "\n../../../escape.m3u8\n");
        assertThat(out.lines().count()).isEqualTo(master.lines().count());
    }
}
