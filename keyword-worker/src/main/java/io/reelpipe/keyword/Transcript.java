package io.reelpipe.keyword;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code transcript.json} of the subtitle stage (schemaVersion 1). Unknown fields are ignored.
 *
 * @param source {@code embedded}, {@code script}, {@code speech} or {@code none}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Transcript(int schemaVersion, String language, String source, String engine, String model, String text,
                         List<Word> words, List<Cue> cues, String note, Double confidence, Boolean intelligible,
                         List<Stretch> lowConfidence) {

    public Transcript {
        words = words == null ? List.of() : List.copyOf(words);
        cues = cues == null ? List.of() : List.copyOf(cues);
        lowConfidence = lowConfidence == null ? List.of() : List.copyOf(lowConfidence);
    }

    /** A transcript without the speech-confidence fields (script and embedded sources, older subtitle workers). */
    public Transcript(int schemaVersion, String language, String source, String engine, String model, String text,
                      List<Word> words, List<Cue> cues, String note) {
        this(schemaVersion, language, source, engine, model, text, words, cues, note, null, null, null);
    }

    /** A stretch of unsure recognised words, seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stretch(double start, double end, int words) {
    }

    /** Whether the subtitle stage judged this recognised speech unintelligible as a whole. */
    public boolean unintelligible() {
        return Boolean.FALSE.equals(intelligible);
    }

    /**
     * The text keywords may use: all of it, except for recognised speech, where words inside low-confidence stretches
     * are left out (a clause break stands in their place, so no phrase spans the gap) and an unintelligible
     * transcript gives nothing.
     */
    public String trustedText() {
        if (unintelligible()) {
            return "";
        }
        if (lowConfidence.isEmpty() || words.isEmpty()) {
            return fullText();
        }
        StringBuilder sb = new StringBuilder();
        boolean gap = false;
        for (Word w : words) {
            if (w.word() == null) {
                continue;
            }
            if (unsure(w)) {
                gap = true;
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(gap ? ". " : " ");
            }
            gap = false;
            sb.append(w.word());
        }
        return sb.toString();
    }

    private boolean unsure(Word w) {
        double mid = (w.start() + w.end()) / 2;
        for (Stretch s : lowConfidence) {
            if (mid >= s.start() && mid <= s.end()) {
                return true;
            }
        }
        return false;
    }

    /** One recognised or aligned word with its times in seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Word(String word, double start, double end, Double confidence) {
    }

    /** One subtitle cue. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cue(double start, double end, String text) {
    }

    /** The full text, rebuilt from cues or words when {@code text} is empty. */
    public String fullText() {
        if (text != null && !text.isBlank()) {
            return text;
        }
        if (!cues.isEmpty()) {
            return String.join("\n", cues.stream().map(Cue::text).filter(t -> t != null).toList());
        }
        return String.join(" ", words.stream().map(Word::word).filter(t -> t != null).toList());
    }
}
