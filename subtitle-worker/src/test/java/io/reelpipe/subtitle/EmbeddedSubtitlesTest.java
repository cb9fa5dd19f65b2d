package io.reelpipe.subtitle;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.subtitle.captions.Cue;
import io.reelpipe.subtitle.captions.SrtParser;
import io.reelpipe.subtitle.support.Fixtures;
import io.reelpipe.subtitle.support.StrictWebVtt;
import io.reelpipe.subtitle.transcript.Transcript;
import io.reelpipe.subtitle.transcript.TranscriptJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSubtitlesTest {

    static final String ENGLISH = """
            1
            00:00:00,500 --> 00:00:01,800
            Meet the new Aurora.

            2
            00:00:02,000 --> 00:00:03,250
            Light, fast &
            built to last.

            3
            00:00:03,400 --> 00:00:04,900
            Order today.
            """;
    static final String GERMAN = """
            1
            00:00:00,600 --> 00:00:02,000
            Der neue Aurora.

            2
            00:00:02,500 --> 00:00:04,000
            Jetzt bestellen.
            """;

    @TempDir
    Path tmp;

    /** An MP4 with two mov_text tracks (eng, ger) muxed by the bundled ffmpeg. */
    private Path videoWithSubtitles() throws Exception {
        Path video = SyntheticVideo.builder().size(160, 90).fps(10).duration(Duration.ofSeconds(5)).build()
                .write(tmp.resolve("plain.mp4"));
        Path en = Files.writeString(tmp.resolve("en.srt"), ENGLISH);
        Path de = Files.writeString(tmp.resolve("de.srt"), GERMAN);
        Path out = tmp.resolve("with-subs.mp4");
        Ffmpeg.bundled().run(FfmpegCommand.of(null, "-i", video.toString(), "-i", en.toString(), "-i", de.toString(),
                "-map", "0", "-map", "1", "-map", "2", "-c", "copy", "-c:s", "mov_text",
                "-metadata:s:s:0", "language=eng", "-metadata:s:s:1", "language=ger", out.toString()));
        return out;
    }

    @Test
    void movTextTracksComeBackAsTheSameCuesPerLanguage() throws Exception {
        Path video = videoWithSubtitles();
        assertThat(MediaProbe.probe(video).subtitleStreams()).hasSize(2);
        var ctx = Fixtures.context(tmp.resolve("run"), video, "asset-embedded",
                        new SubtitleParameters(List.of("en", "de"), "auto", null, null, null, null))
                .metadata(Map.of("script", "This script must not be used: embedded subtitles come first.")).build();

        StageResult result = Fixtures.filter(SubtitleProperties.defaults()).run(ctx).block(Duration.ofMinutes(2));

        assertThat(result.outputs()).extracting(o -> o.name())
                .containsExactlyInAnyOrder("en.vtt", "en.srt", "de.vtt", "de.srt", "transcript.json");
        List<Cue> expectedEn = SrtParser.parse(ENGLISH);
        List<Cue> vttEn = StrictWebVtt.parse(ctx.read("en.vtt"), 42, 2, 7);
        assertThat(vttEn).isEqualTo(expectedEn);
        assertThat(SrtParser.parse(ctx.read("en.srt"))).isEqualTo(expectedEn);
        assertThat(StrictWebVtt.parse(ctx.read("de.vtt"), 42, 2, 7)).isEqualTo(SrtParser.parse(GERMAN));
        assertThat(ctx.read("en.vtt")).contains("Light, fast &amp;\nbuilt to last.");

        Transcript t = TranscriptJson.read(ctx.object("transcript.json"));
        assertThat(t.source()).isEqualTo("embedded");
        assertThat(t.language()).isEqualTo("en");
        assertThat(t.model()).isEqualTo("mov_text");
        assertThat(t.text()).isEqualTo("Meet the new Aurora. Light, fast & built to last. Order today.");
        assertThat(t.cues()).hasSize(3);
        assertThat(t.words()).hasSize(12);
        assertThat(result.details()).containsEntry("source", "embedded").containsKey("embeddedStreams");
    }

    @Test
    void transcriptJsonHasTheAgreedShape() throws Exception {
        Path video = videoWithSubtitles();
        var ctx = Fixtures.context(tmp.resolve("run2"), video, "asset-shape", SubtitleParameters.defaults()).build();
        Fixtures.filter(SubtitleProperties.defaults()).run(ctx).block(Duration.ofMinutes(2));
        String json = ctx.read("transcript.json");
        assertThat(json).startsWith("{\"schemaVersion\":1,\"language\":\"en\",\"source\":\"embedded\",\"engine\":"
                + "\"ffmpeg\",\"model\":\"mov_text\",\"text\":\"Meet the new Aurora.");
        assertThat(json).contains("\"words\":[{\"word\":\"Meet\",\"start\":0.5,\"end\":");
        assertThat(json).contains(",\"confidence\":1.0}");
        assertThat(json).contains("\"cues\":[{\"start\":0.5,\"end\":1.8,\"text\":\"Meet the new Aurora.\"}");
        assertThat(json).doesNotContain("\"note\""); // optional: absent when there is nothing to say
        assertThat(ctx.uploads()).doesNotContainKey("de.vtt");
    }
}
