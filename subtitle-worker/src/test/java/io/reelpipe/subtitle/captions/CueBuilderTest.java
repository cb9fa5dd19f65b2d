package io.reelpipe.subtitle.captions;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.subtitle.support.StrictWebVtt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CueBuilderTest {

    private final CueBuilder builder = new CueBuilder(CueStyle.DEFAULT);

    /** Words at a steady 0.3 s each; sentence ends from punctuation. */
    private static List<TimedWord> steady(String text, double start, double per) {
        List<TimedWord> out = new ArrayList<>();
        double t = start;
        for (String w : text.split(" ")) {
            out.add(new TimedWord(w, t, t + per * 0.8, 1, TimedWord.endsSentence(w)));
            t += per;
        }
        return out;
    }

    @Test
    void followsTheCaptionGuidelinesAndKeepsEveryWordInOrder() {
        String text = "This is a rather long sentence that keeps going, with a clause in the middle and many more words "
                + "after it so that it cannot fit on two lines of forty two characters at all. Short one. "
                + "Supercalifragilisticexpialidociousandthensomemorelettersbeyondfortytwo is long.";
        List<TimedWord> words = steady(text, 0.5, 0.3);
        List<Cue> cues = builder.build(words, 0);

        String vtt = WebVttWriter.toString(cues);
        List<Cue> parsed = StrictWebVtt.parse(vtt.replace("Supercalifragilisticexpialidociousandthensomemorelettersbeyondfortytwo", "X"), 42, 2, 7);
        assertThat(parsed).hasSize(cues.size());
        List<String> back = new ArrayList<>();
        for (Cue c : cues) {
            back.addAll(Arrays.asList(c.text().split(" ")));
            assertThat(c.duration()).isLessThanOrEqualTo(7.0);
        }
        // the overlong word is hard-split across lines but every other word comes back in order
        assertThat(String.join(" ", back).replace(" ", ""))
                .isEqualTo(text.replace(" ", ""));
        // sentence ends close a cue
        assertThat(cues).anySatisfy(c -> assertThat(c.text()).isEqualTo("Short one."));
        // the clause break is used for the long sentence
        assertThat(cues).anySatisfy(c -> assertThat(c.text()).endsWith("going,"));
    }

    @Test
    void shortCuesGrowToOneSecondWithoutOverlappingTheNext() {
        List<TimedWord> words = List.of(
                new TimedWord("Hi.", 1.0, 1.2, 1, true),
                new TimedWord("Buy", 1.6, 1.8, 1, false),
                new TimedWord("now.", 1.8, 2.0, 1, true));
        List<Cue> cues = builder.build(words, 2.5);
        assertThat(cues).hasSize(2);
        assertThat(cues.get(0).start()).isEqualTo(1.0);
        assertThat(cues.get(0).end()).isEqualTo(1.6); // the next cue starts there
        assertThat(cues.get(1).end()).isEqualTo(2.5); // 1 s wanted, the media ends at 2.5
    }

    @Test
    void pausesBreakCuesAndLongCuesAreCut() {
        List<TimedWord> words = new ArrayList<>(steady("one two three", 0, 0.3));
        words.addAll(steady("four five", 3.0, 0.3));
        words.add(new TimedWord("looooong", 5, 20, 1, false));
        List<Cue> cues = builder.build(words, 0);
        assertThat(cues).extracting(Cue::text).containsExactly("one two three", "four five", "looooong");
        assertThat(cues.get(2).duration()).isEqualTo(7.0);
    }

    @Test
    void twoLinesAreBalancedAndBreakAfterPunctuation() {
        List<String> lines = builder.layout(List.of("Order", "your", "pair", "today,", "and", "get", "free", "shipping",
                "on", "it"));
        assertThat(lines).containsExactly("Order your pair today,", "and get free shipping on it");
        lines = builder.layout(List.of("Order", "today,", "and", "get", "free", "shipping", "on", "every", "pair", "of",
                "shoes"));
        assertThat(lines).containsExactly("Order today, and get free", "shipping on every pair of shoes");
        assertThat(builder.layout(List.of("a".repeat(30), "b".repeat(30), "c".repeat(30)))).isNull();
    }

    @Test
    void srtRoundTripsThroughTheParser() {
        List<Cue> cues = builder.build(steady("Hello there. This & that <b> --> arrow.", 0.25, 0.4), 0);
        List<Cue> parsed = SrtParser.parse(SrtWriter.toString(cues));
        assertThat(parsed).hasSize(cues.size());
        for (int i = 0; i < cues.size(); i++) {
            assertThat(parsed.get(i).start()).isEqualTo(cues.get(i).start());
            assertThat(parsed.get(i).end()).isEqualTo(cues.get(i).end());
        }
        String vtt = WebVttWriter.toString(cues);
        assertThat(vtt).contains("This &amp; that &lt;b&gt; → arrow.");
        StrictWebVtt.parse(vtt, 42, 2, 7);
    }
}
