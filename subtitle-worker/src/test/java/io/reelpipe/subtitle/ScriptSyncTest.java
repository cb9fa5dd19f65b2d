package io.reelpipe.subtitle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageCancelledException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.subtitle.captions.Cue;
import io.reelpipe.subtitle.captions.SrtParser;
import io.reelpipe.subtitle.script.ScriptText;
import io.reelpipe.subtitle.support.Fixtures;
import io.reelpipe.subtitle.support.SpeechFixture;
import io.reelpipe.subtitle.support.StrictWebVtt;
import io.reelpipe.subtitle.transcript.Transcript;
import io.reelpipe.subtitle.transcript.TranscriptJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Script sync on espeak-ng speech whose sentence onsets are known (placed at offsets with silence between). Prints
 * the alignment error; the README records the figures.
 */
class ScriptSyncTest {

    @TempDir
    Path tmp;

    private static final String SCRIPT = String.join(" ", SpeechFixture.AD_SCRIPT);

    @Test
    void captionsFollowTheSpokenScriptWithSphinxAnchors() {
        check(SubtitleProperties.defaults(), "sphinx-vad", Map.of("script", SCRIPT));
    }

    @Test
    void voiceActivityAloneAlsoMeetsTheTargetAndScriptKeyIsRead() {
        SubtitleProperties vadOnly = new SubtitleProperties("auto", false, 262_144,
                new SubtitleProperties.Whisper(null, true, 0, 300));
        check(vadOnly, "vad-only", Map.of("scriptKey", "acme/asset-vad-only/source/script.txt"));
    }

    private void check(SubtitleProperties props, String label, Map<String, String> metadata) {
        SpeechFixture.Track track = Fixtures.adTrack();
        Path video = Fixtures.adVideo();
        var ctx = Fixtures.context(tmp.resolve(label), video, "asset-" + label, SubtitleParameters.defaults())
                .metadata(metadata).build();
        ctx.put("acme/asset-vad-only/source/script.txt", SCRIPT);
        long t0 = System.nanoTime();
        StageResult result = Fixtures.filter(props).run(ctx).block(Duration.ofMinutes(2));
        double took = (System.nanoTime() - t0) / 1e9;

        List<Cue> cues = StrictWebVtt.parse(ctx.read("en.vtt"), 42, 2, 7);
        if (Boolean.getBoolean("subtitle.print")) {
            System.out.println(ctx.read("en.vtt") + "\n" + ctx.read("transcript.json") + "\n" + track.sentences());
        }
        assertThat(SrtParser.parse(ctx.read("en.srt"))).isEqualTo(cues);
        Transcript t = TranscriptJson.read(ctx.object("transcript.json"));
        assertThat(t.source()).isEqualTo("script");
        assertThat(t.engine()).isEqualTo("script-sync");

        // every script word exactly once, in order, in the cues and in the transcript
        List<String> scriptWords = Arrays.asList(SCRIPT.split(" "));
        List<String> cueWords = new ArrayList<>();
        for (Cue c : cues) {
            cueWords.addAll(Arrays.asList(c.text().split(" ")));
        }
        assertThat(cueWords).containsExactlyElementsOf(scriptWords);
        assertThat(t.words()).extracting(Transcript.Word::word).containsExactlyElementsOf(scriptWords);
        assertThat(t.text()).isEqualTo(SCRIPT);
        double prev = 0;
        for (Transcript.Word w : t.words()) {
            assertThat(w.start()).isGreaterThanOrEqualTo(prev);
            assertThat(w.end()).isGreaterThanOrEqualTo(w.start());
            prev = w.start();
        }

        // each spoken sentence starts a cue within 0.5 s of its true onset
        List<Double> errors = new ArrayList<>();
        int wordIndex = 0;
        int cueIndex = 0;
        int cueWord = 0;
        for (SpeechFixture.Sentence s : track.sentences()) {
            while (cueWord < wordIndex) {
                cueWord += cues.get(cueIndex++).text().split(" ").length;
            }
            assertThat(cueWord).as("sentence '%s' starts a cue", s.text()).isEqualTo(wordIndex);
            Cue cue = cues.get(cueIndex);
            errors.add(Math.abs(cue.start() - s.onset()));
            // later cues of the sentence stay inside its sound
            wordIndex += s.text().split(" ").length;
        }
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double max = errors.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        // word-level: the transcript's word starts lie within the spoken sentence they belong to
        int w = 0;
        for (SpeechFixture.Sentence s : track.sentences()) {
            for (int k = 0; k < s.text().split(" ").length; k++, w++) {
                assertThat(t.words().get(w).start()).isBetween(s.onset() - 0.5, s.end() + 0.5);
            }
        }
        System.out.printf("FIGURE script-sync[%s]: sentences=%d onset error mean=%.3f s max=%.3f s, anchored=%s, "
                        + "took %.1f s for %.1f s of audio%n", label, errors.size(), mean, max,
                ((Map<?, ?>) result.details().get("alignment")).get("anchoredWords"), took, track.duration());
        assertThat(max).isLessThanOrEqualTo(0.5);
        assertThat(ScriptText.parse(SCRIPT).wordCount()).isEqualTo(scriptWords.size());
        assertThat(ctx.progressReports()).isNotEmpty();
        assertThat(ctx.progressReports().getLast()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aScriptKeyOutsideTheAssetIsRefused() {
        var ctx = Fixtures.context(tmp.resolve("bad-key"), Fixtures.adVideo(), "asset-bad-key",
                SubtitleParameters.defaults()).metadata(Map.of("scriptKey", "other-tenant/x/source/script.txt")).build();
        assertThatThrownBy(() -> Fixtures.filter(SubtitleProperties.defaults()).run(ctx).block(Duration.ofMinutes(1)))
                .isInstanceOf(PermanentStageException.class).hasMessageContaining("is not an object of this asset");
    }

    @Test
    void cancellationStopsTheStageWhileItReadsTheAudio() {
        SubtitleProperties vadOnly = new SubtitleProperties("auto", false, 262_144,
                new SubtitleProperties.Whisper(null, true, 0, 300));
        AtomicBoolean cancelled = new AtomicBoolean();
        var ctx = Fixtures.context(tmp.resolve("cancel"), Fixtures.adVideo(), "asset-cancel",
                        SubtitleParameters.defaults()).metadata(Map.of("script", SCRIPT))
                .cancelled(cancelled::get).cancelWhenProgress(p -> p > 0.16).build();
        assertThatThrownBy(() -> Fixtures.filter(vadOnly).run(ctx).block(Duration.ofMinutes(1)))
                .isInstanceOf(StageCancelledException.class);
        assertThat(ctx.uploads()).isEmpty();
    }
}
