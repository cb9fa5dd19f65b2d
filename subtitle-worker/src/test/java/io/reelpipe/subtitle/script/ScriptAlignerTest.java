package io.reelpipe.subtitle.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.subtitle.audio.SpeechSegment;
import io.reelpipe.subtitle.audio.VoiceActivity;
import io.reelpipe.subtitle.captions.TimedWord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptAlignerTest {

    private static VoiceActivity vad(double duration, SpeechSegment... segs) {
        return new VoiceActivity(List.of(segs), new float[(int) (duration * 100)], 0.01, -50, duration);
    }

    @Test
    void sentencesLandOnSpeechSegmentsAndWordsInterpolate() {
        ScriptText script = ScriptText.parse("Hello world. This is a test, with a comma.\nBuy now");
        assertThat(script.sentences()).hasSize(3);
        // second sentence spoken as two segments (pause at the comma)
        VoiceActivity vad = vad(10, new SpeechSegment(0.5, 1.5), new SpeechSegment(2.5, 3.6),
                new SpeechSegment(3.9, 5.0), new SpeechSegment(6.0, 6.8));
        ScriptAligner.Result r = new ScriptAligner().align(script, vad, List.of());
        assertThat(r.sentenceSpans()).extracting(SpeechSegment::start).containsExactly(0.5, 2.5, 6.0);
        assertThat(r.words()).extracting(TimedWord::text).containsExactlyElementsOf(script.words());
        double prev = 0;
        for (TimedWord w : r.words()) {
            assertThat(w.start()).isGreaterThanOrEqualTo(prev);
            prev = w.start();
        }
        // no word starts inside the pause at the comma
        assertThat(r.words()).noneMatch(w -> w.start() > 3.61 && w.start() < 3.89);
    }

    @Test
    void anchorsPlaceWordsAndTheRestIsInterpolatedBetweenThem() {
        ScriptText script = ScriptText.parse("one two three four five");
        VoiceActivity vad = vad(6, new SpeechSegment(1.0, 5.0));
        List<AnchorWord> anchors = List.of(new AnchorWord("three", 3.5, 3.8), new AnchorWord("bogus", 0.1, 0.2));
        ScriptAligner.Result r = new ScriptAligner().align(script, vad, anchors);
        assertThat(r.anchored()).isEqualTo(1);
        assertThat(r.words().get(0).start()).isEqualTo(1.0);
        assertThat(r.words().get(2).start()).isEqualTo(3.5);
        assertThat(r.words().get(1).start()).isBetween(1.0, 3.5);
        assertThat(r.words().get(3).start()).isBetween(3.8, 5.0);
    }

    @Test
    void fewerSegmentsThanSentencesAreSplitAtTheQuietestPoint() {
        ScriptText script = ScriptText.parse("First part here. Second part here.");
        float[] energy = new float[400];
        java.util.Arrays.fill(energy, -20f);
        energy[210] = -80f; // a dip at 2.10 s
        VoiceActivity vad = new VoiceActivity(List.of(new SpeechSegment(1.0, 3.4)), energy, 0.01, -50, 4);
        ScriptAligner.Result r = new ScriptAligner().align(script, vad, List.of());
        assertThat(r.sentenceSpans().get(1).start()).isEqualTo(2.10, org.assertj.core.data.Offset.offset(0.011));
    }

    @Test
    void noSpeechSpreadsTheScriptOverTheRecording() {
        ScriptText script = ScriptText.parse("A. B.");
        ScriptAligner.Result r = new ScriptAligner().align(script, vad(4), List.of());
        assertThat(r.words()).hasSize(2);
        assertThat(r.words().getLast().end()).isLessThanOrEqualTo(4.0);
    }
}
