package io.reelpipe.subtitle;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.reelpipe.subtitle.captions.CueStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code with} block of a subtitle stage.
 *
 * @param languages     output languages, first = the transcript's (default {@code [en]}); a single string is accepted
 * @param source        {@code auto} (default: embedded if present, else script if supplied, else speech),
 *                      {@code embedded}, {@code script} or {@code speech}
 * @param maxLineChars  characters per caption line (default 42)
 * @param maxLines      lines per cue (default 2)
 * @param minCueSeconds shortest cue where the next one leaves room (default 1)
 * @param maxCueSeconds longest cue (default 7)
 */
public record SubtitleParameters(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> languages,
        String source,
        Integer maxLineChars,
        Integer maxLines,
        Double minCueSeconds,
        Double maxCueSeconds) {

    /** Where captions come from. */
    public enum Source { AUTO, EMBEDDED, SCRIPT, SPEECH }

    public SubtitleParameters {
        List<String> langs = new ArrayList<>();
        for (String l : languages == null || languages.isEmpty() ? List.of("en") : languages) {
            String n = Languages.normalize(l);
            if (!Languages.valid(n)) {
                throw new IllegalArgumentException("languages: '" + l + "' is not a language tag (e.g. en, de, pt-br)");
            }
            if (!langs.contains(n)) {
                langs.add(n);
            }
        }
        languages = List.copyOf(langs);
        source = source == null || source.isBlank() ? "auto" : source.strip().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "embedded", "script", "speech").contains(source)) {
            throw new IllegalArgumentException("source must be auto, embedded, script or speech, got '" + source + "'");
        }
        maxLineChars = maxLineChars == null ? 42 : maxLineChars;
        maxLines = maxLines == null ? 2 : maxLines;
        minCueSeconds = minCueSeconds == null ? 1.0 : minCueSeconds;
        maxCueSeconds = maxCueSeconds == null ? 7.0 : maxCueSeconds;
        new CueStyle(maxLineChars, maxLines, minCueSeconds, maxCueSeconds, 0.6); // validates
    }

    public static SubtitleParameters defaults() {
        return new SubtitleParameters(null, null, null, null, null, null);
    }

    public Source sourceMode() {
        return Source.valueOf(source.toUpperCase(Locale.ROOT));
    }

    public CueStyle style() {
        return new CueStyle(maxLineChars, maxLines, minCueSeconds, maxCueSeconds, 0.6);
    }
}
