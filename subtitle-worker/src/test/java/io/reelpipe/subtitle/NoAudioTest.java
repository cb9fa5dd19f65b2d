package io.reelpipe.subtitle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.filter.InvalidParametersException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.internal.ParameterBinder;
import io.reelpipe.subtitle.support.Fixtures;
import io.reelpipe.subtitle.support.StrictWebVtt;
import io.reelpipe.subtitle.transcript.Transcript;
import io.reelpipe.subtitle.transcript.TranscriptJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoAudioTest {

    @TempDir
    Path tmp;

    @Test
    void aVideoWithoutAudioGivesAnEmptyTranscriptAndANoteNotAFailure() {
        Path video = SyntheticVideo.builder().size(160, 90).fps(10).duration(Duration.ofSeconds(2)).noAudio().build()
                .write(tmp.resolve("silent.mp4"));
        for (String source : List.of("auto", "speech", "script")) {
            var ctx = Fixtures.context(tmp.resolve(source), video, "asset-" + source,
                            new SubtitleParameters(null, source, null, null, null, null))
                    .metadata(source.equals("script") ? Map.of("script", "Hello there.") : Map.of()).build();
            StageResult result = Fixtures.filter(SubtitleProperties.defaults()).run(ctx).block(Duration.ofMinutes(1));

            assertThat(ctx.read("en.vtt")).isEqualTo("WEBVTT\n");
            assertThat(StrictWebVtt.parse(ctx.read("en.vtt"), 42, 2, 7)).isEmpty();
            assertThat(ctx.read("en.srt")).isEmpty();
            Transcript t = TranscriptJson.read(ctx.object("transcript.json"));
            assertThat(t.source()).isEqualTo("none");
            assertThat(t.text()).isEmpty();
            assertThat(t.words()).isEmpty();
            assertThat(t.note()).contains("no audio track");
            assertThat((String) result.details().get("note")).contains("no audio track");
        }
    }

    @Test
    void parametersBindWithDefaultsAndRejectUnknownNamesAndBadValues() {
        SubtitleParameters p = ParameterBinder.bind("subtitle", Map.of(), SubtitleParameters.class);
        assertThat(p.languages()).containsExactly("en");
        assertThat(p.sourceMode()).isEqualTo(SubtitleParameters.Source.AUTO);
        assertThat(p.style().maxLineChars()).isEqualTo(42);
        assertThat(p.style().maxLines()).isEqualTo(2);
        assertThat(p.style().minCueSeconds()).isEqualTo(1.0);
        assertThat(p.style().maxCueSeconds()).isEqualTo(7.0);

        p = ParameterBinder.bind("subtitle", Map.of("languages", "eng", "source", "Script", "maxLineChars", 32),
                SubtitleParameters.class);
        assertThat(p.languages()).containsExactly("en");
        assertThat(p.sourceMode()).isEqualTo(SubtitleParameters.Source.SCRIPT);
        assertThat(p.maxLineChars()).isEqualTo(32);

        assertThatThrownBy(() -> ParameterBinder.bind("subtitle", Map.of("lang", "en"), SubtitleParameters.class))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("unknown parameter 'lang'");
        assertThatThrownBy(() -> ParameterBinder.bind("subtitle", Map.of("source", "ocr"), SubtitleParameters.class))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("source must be");
        assertThatThrownBy(() -> ParameterBinder.bind("subtitle", Map.of("maxCueSeconds", 0.5),
                SubtitleParameters.class)).isInstanceOf(InvalidParametersException.class);
        assertThat(new SubtitleFilter(null, SubtitleProperties.defaults()).parameterNames())
                .containsExactly("languages", "source", "maxLineChars", "maxLines", "minCueSeconds", "maxCueSeconds");
    }
}
