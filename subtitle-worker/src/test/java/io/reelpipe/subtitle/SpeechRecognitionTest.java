package io.reelpipe.subtitle;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.subtitle.captions.Cue;
import io.reelpipe.subtitle.support.Fixtures;
import io.reelpipe.subtitle.support.SpeechFixture;
import io.reelpipe.subtitle.support.StrictWebVtt;
import io.reelpipe.subtitle.support.Wer;
import io.reelpipe.subtitle.transcript.Transcript;
import io.reelpipe.subtitle.transcript.TranscriptJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Free speech-to-text with the bundled Sphinx4 engine on espeak-ng speech. Asserts the pipeline contract and a WER
 * bound measured here (Sphinx4 is weak on synthetic speech); prints WER and speed for the README.
 */
class SpeechRecognitionTest {

    /**
     * Measured 2026-11-21 on the 2-core dev machine: WER 1.13-1.21 on this fixture (insertions push it over 1: Sphinx4
     * hears "gerdes" for "Aurora"); bound = measured + margin. Override with -Dsubtitle.wer.bound.
     */
    static final double WER_BOUND = Double.parseDouble(System.getProperty("subtitle.wer.bound", "1.5"));

    @TempDir
    Path tmp;

    @Test
    void bundledEngineProducesValidCaptionsAndATranscript() {
        SpeechFixture.Track track = Fixtures.adTrack();
        var ctx = Fixtures.context(tmp, Fixtures.adVideo(), "asset-speech",
                new SubtitleParameters(List.of("en"), "speech", null, null, null, null)).build();
        // captions: keep, so the captions' form is checked on whatever the engine heard; the gating itself is
        // SpeechConfidenceTest's, and the transcript's verdict is checked below
        SubtitleProperties keep = new SubtitleProperties("auto", true, 262_144, SubtitleProperties.defaults().whisper(),
                new SubtitleProperties.Confidence(0.9, 0.9, "keep"));
        StageResult result = Fixtures.filter(keep).run(ctx).block(Duration.ofMinutes(3));

        List<Cue> cues = StrictWebVtt.parse(ctx.read("en.vtt"), 42, 2, 7);
        Transcript t = TranscriptJson.read(ctx.object("transcript.json"));
        assertThat(t.source()).isEqualTo("speech");
        assertThat(t.engine()).isEqualTo("sphinx");
        assertThat(t.model()).contains("en-us");
        assertThat(t.language()).isEqualTo("en");
        assertThat(t.words()).isNotEmpty();
        assertThat(cues).isNotEmpty();
        double prev = 0;
        for (Transcript.Word w : t.words()) {
            assertThat(w.start()).isGreaterThanOrEqualTo(prev).isLessThanOrEqualTo(track.duration() + 0.5);
            assertThat(w.end()).isGreaterThanOrEqualTo(w.start());
            assertThat(w.confidence()).isBetween(0.0, 1.0);
            prev = w.start();
        }
        // real lattice posteriors, not one constant for every word (it was 0.5 for all of them)
        assertThat(t.words().stream().map(Transcript.Word::confidence).distinct().count()).isGreaterThan(2);
        assertThat(t.confidence()).isBetween(0.0, 1.0);
        assertThat(t.intelligible()).isEqualTo(t.confidence() >= 0.9);
        assertThat(result.details()).containsEntry("intelligible", t.intelligible());
        for (var s : t.lowConfidence()) {
            assertThat(t.words().stream().filter(w -> w.start() >= s.start() && w.end() <= s.end()))
                    .allSatisfy(w -> assertThat(w.confidence()).isLessThan(0.9));
        }
        assertThat(result.details()).containsEntry("engine", "sphinx").containsKey("xRealtime")
                .containsEntry("language", "en");

        double wer = Wer.wer(track.text(), t.text());
        System.out.printf("FIGURE speech[sphinx]: WER=%.3f confidence=%.3f x-realtime=%s audio=%.1f s recognition=%s s%n"
                        + "  reference:  %s%n  hypothesis: %s%n", wer, t.confidence(), result.details().get("xRealtime"),
                track.duration(), result.details().get("recognitionSeconds"), track.text(), t.text());
        assertThat(wer).isLessThanOrEqualTo(WER_BOUND);
        double max = ctx.progressReports().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        assertThat(max).isGreaterThan(0.8);
    }
}
