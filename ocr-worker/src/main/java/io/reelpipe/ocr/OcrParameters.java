package io.reelpipe.ocr;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.reelpipe.pipeline.filter.PermanentStageException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code with} block of an ocr stage.
 *
 * <pre>{@code
 * with: { languages: [en, ko], every: 0.5s, minConfidence: 60, minFrames: 2 }
 * }</pre>
 *
 * @param languages     scripts to read: {@code en}, {@code ko} (or Tesseract's {@code eng}, {@code kor}); default both;
 *                      a single string is accepted
 * @param every         seconds between sampled frames, 0.1..10 ({@code 0.5}, {@code 0.5s}, {@code 500ms}); default 0.5
 * @param minConfidence words read with less confidence (0..100) are dropped; default 60
 * @param minFrames     samples a text must be read in to be kept (texture rarely reads the same twice); default 2
 * @param maxWidth      frames are read at most this wide, 320..3840 (small frames are enlarged to 960); default 1280
 */
public record OcrParameters(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> languages, String every, Double minConfidence, Integer minFrames, Integer maxWidth) {

    private static final Map<String, String> CODES = Map.of("en", "eng", "eng", "eng", "ko", "kor", "kor", "kor");

    public OcrParameters {
        languages = tesseractCodes(languages);
        every = every == null || every.isBlank() ? "0.5" : every.trim();
        double s = seconds(every);
        if (s < 0.1 || s > 10) {
            throw new PermanentStageException("ocr.every must be between 0.1s and 10s, got '" + every + "'");
        }
        minConfidence = minConfidence == null ? 60.0 : minConfidence;
        if (minConfidence < 0 || minConfidence > 100) {
            throw new PermanentStageException("ocr.minConfidence must be 0..100, got " + minConfidence);
        }
        minFrames = minFrames == null ? 2 : minFrames;
        if (minFrames < 1 || minFrames > 20) {
            throw new PermanentStageException("ocr.minFrames must be 1..20, got " + minFrames);
        }
        maxWidth = maxWidth == null ? 1280 : maxWidth;
        if (maxWidth < 320 || maxWidth > 3840) {
            throw new PermanentStageException("ocr.maxWidth must be 320..3840, got " + maxWidth);
        }
    }

    public static OcrParameters defaults() {
        return new OcrParameters(null, null, null, null, null);
    }

    /** Tesseract language codes, in the order given: {@code [eng, kor]}. */
    public List<String> codes() {
        return languages.stream().map(CODES::get).toList();
    }

    /** {@code eng+kor}: what Tesseract's Init takes. */
    public String tesseractLanguages() {
        return String.join("+", codes());
    }

    public double everySeconds() {
        return seconds(every);
    }

    /** ISO 639-1 for a Tesseract code: {@code kor} → {@code ko}. */
    public static String iso(String tesseractCode) {
        return switch (tesseractCode) {
            case "eng" -> "en";
            case "kor" -> "ko";
            default -> tesseractCode;
        };
    }

    /** ISO codes, in the order given, each once: {@code [en, ko]}. */
    private static List<String> tesseractCodes(List<String> value) {
        List<String> given = value == null || value.isEmpty() ? List.of("en", "ko") : value;
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String o : given) {
            String code = CODES.get(String.valueOf(o).trim().toLowerCase(Locale.ROOT));
            if (code == null) {
                throw new PermanentStageException("ocr.languages: '" + o + "' is not supported (en, ko)");
            }
            out.add(iso(code));
        }
        if (out.isEmpty()) {
            throw new PermanentStageException("ocr.languages must name at least one language (en, ko)");
        }
        return List.copyOf(out);
    }

    private static double seconds(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Double.parseDouble(s.substring(0, s.length() - 2).trim()) / 1000;
            }
            return Double.parseDouble(s.endsWith("s") ? s.substring(0, s.length() - 1).trim() : s);
        } catch (NumberFormatException e) {
            throw new PermanentStageException("ocr.every is not a duration: '" + v + "' (e.g. 0.5s, 500ms)");
        }
    }
}
