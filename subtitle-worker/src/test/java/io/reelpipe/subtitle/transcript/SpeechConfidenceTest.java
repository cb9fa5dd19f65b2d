package io.reelpipe.subtitle.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.subtitle.captions.TimedWord;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechConfidenceTest {

    static TimedWord w(String text, double start, double conf) {
        return new TimedWord(text, start, start + 0.4, conf, false);
    }

    static final List<TimedWord> MOSTLY_SURE = List.of(w("introducing", 0, 0.95), w("the", 0.4, 0.9),
            w("jarreau", 0.8, 0.2), w("icicle", 1.2, 0.3), w("bicycle", 1.6, 0.92), w("today", 2.0, 0.97));

    @Test
    void unsureWordsFormStretchesAndAreLeftOutOfCaptions() {
        SpeechConfidence.Verdict v = new SpeechConfidence(0.5, 0.6, "drop").judge(MOSTLY_SURE);
        assertThat(v.intelligible()).isTrue();
        assertThat(v.confidence()).isBetween(0.7, 0.8);
        assertThat(v.lowConfidence()).containsExactly(new SpeechConfidence.Stretch(0.8, 1.6, 2));
        assertThat(v.forCaptions()).extracting(TimedWord::text)
                .containsExactly("introducing", "the", "bicycle", "today");
    }

    @Test
    void flaggedCaptionsKeepUnsureWordsMarked() {
        SpeechConfidence.Verdict v = new SpeechConfidence(0.5, 0.6, "flag").judge(MOSTLY_SURE);
        assertThat(v.forCaptions()).extracting(TimedWord::text).contains("jarreau(?)", "bicycle");
    }

    @Test
    void anUnintelligibleTranscriptGivesNoCaptions() {
        List<TimedWord> junk = List.of(w("to", 0, 0.2), w("sink", 0.4, 0.1), w("or", 0.8, 0.9), w("jerry", 1.2, 0.05));
        SpeechConfidence.Verdict v = new SpeechConfidence(0.5, 0.75, "drop").judge(junk);
        assertThat(v.intelligible()).isFalse();
        assertThat(v.forCaptions()).isEmpty();
        assertThat(new SpeechConfidence(0.5, 0.75, "keep").judge(junk).forCaptions()).hasSize(4);
        assertThat(new SpeechConfidence(0.5, 0.75, "drop").judge(List.of()).intelligible()).isFalse();
    }

    @Test
    void aBadCaptionModeIsRejected() {
        assertThatThrownBy(() -> new SpeechConfidence(0.5, 0.7, "hide")).hasMessageContaining("drop, flag or keep");
    }
}
