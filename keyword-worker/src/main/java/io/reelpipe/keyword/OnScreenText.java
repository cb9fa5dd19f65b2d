package io.reelpipe.keyword;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code ocr.json} of the ocr stage (schemaVersion 1), as far as keywords need it: each distinct on-screen text and
 * when it was shown. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OnScreenText(int schemaVersion, List<Item> items) {

    public OnScreenText {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One text; {@code confidence} is Tesseract's, 0..100. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String text, String language, double confidence, List<Range> ranges) {
        public Item {
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
        }
    }

    /** Seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Range(double start, double end) {
    }

    public static OnScreenText of(List<String> texts) {
        return new OnScreenText(1, texts.stream().map(t -> new Item(t, null, 100, List.of())).toList());
    }
}
