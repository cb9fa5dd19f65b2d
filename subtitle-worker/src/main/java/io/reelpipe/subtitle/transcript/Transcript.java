package io.reelpipe.subtitle.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reelpipe.subtitle.captions.Cue;
import io.reelpipe.subtitle.captions.TimedWord;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code transcript.json}, the contract with the keyword stage (times in seconds):
 * <pre>{@code
 * {"schemaVersion":1,"language":"en","source":"embedded|script|speech|none","engine":"…","model":"…",
 *  "text":"full text","words":[{"word":"hello","start":0.52,"end":0.81,"confidence":0.93}],
 *  "cues":[{"start":0.52,"end":2.1,"text":"…"}],"note":"…optional",
 *  "confidence":0.81,"intelligible":true,"lowConfidence":[{"start":3.1,"end":4.0,"words":3}]}
 * }</pre>
 * The last three only for {@code source: speech}: the duration-weighted mean word confidence, whether the transcript
 * is trusted at all ({@link SpeechConfidence}), and the stretches of unsure words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transcript(
        int schemaVersion,
        String language,
        String source,
        String engine,
        String model,
        String text,
        List<Word> words,
        List<CueText> cues,
        String note,
        Double confidence,
        Boolean intelligible,
        List<SpeechConfidence.Stretch> lowConfidence) {

    public static final int SCHEMA_VERSION = 1;

    public Transcript {
        words = List.copyOf(words);
        cues = List.copyOf(cues);
        text = text == null ? "" : text;
    }

    /** One word; {@code word} as spoken or written, with punctuation for script/embedded sources. */
    public record Word(String word, double start, double end, double confidence) {
    }

    /** One cue with its lines joined by a space. */
    public record CueText(double start, double end, String text) {
    }

    /** Builds the transcript from the words and the cues made of them; times rounded to the millisecond. */
    public static Transcript of(String language, String source, String engine, String model, List<TimedWord> words,
            List<Cue> cues, String note) {
        List<Word> ws = new ArrayList<>(words.size());
        StringBuilder text = new StringBuilder();
        for (TimedWord w : words) {
            ws.add(new Word(w.text(), round(w.start()), round(w.end()), Math.round(w.confidence() * 1000) / 1000.0));
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(w.text());
        }
        List<CueText> cs = new ArrayList<>(cues.size());
        for (Cue c : cues) {
            cs.add(new CueText(round(c.start()), round(c.end()), c.text()));
        }
        return new Transcript(SCHEMA_VERSION, language, source, engine, model, text.toString(), ws, cs, note, null,
                null, null);
    }

    /** This transcript with the confidence verdict on its words. */
    public Transcript judged(SpeechConfidence.Verdict v) {
        return new Transcript(schemaVersion, language, source, engine, model, text, words, cues, note, v.confidence(),
                v.intelligible(), v.lowConfidence());
    }

    /** A transcript with no words: no audio, no speech, or no source for the language. */
    public static Transcript empty(String language, String source, String engine, String model, String note) {
        return new Transcript(SCHEMA_VERSION, language, source, engine, model, "", List.of(), List.of(), note, null,
                null, null);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
