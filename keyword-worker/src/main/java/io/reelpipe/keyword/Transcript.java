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
                         List<Word> words, List<Cue> cues, String note) {

    public Transcript {
        words = words == null ? List.of() : List.copyOf(words);
        cues = cues == null ? List.of() : List.copyOf(cues);
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
