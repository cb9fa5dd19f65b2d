package io.reelpipe.keyword;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What keywords are extracted from.
 *
 * @param documentId  identifies the document in the corpus statistics (the asset id), so a redelivery is not counted twice
 * @param transcript  the subtitle stage's transcript, or null without one
 * @param tags        editor-given tags, each taken whole as a phrase
 * @param screen      the ocr stage's on-screen text, or null without one
 */
public record KeywordInput(String documentId, Transcript transcript, String title, String description,
                           List<String> tags, OnScreenText screen) {

    public KeywordInput {
        tags = tags == null ? List.of() : tags.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    public KeywordInput(String documentId, Transcript transcript, String title, String description, List<String> tags) {
        this(documentId, transcript, title, description, tags, null);
    }

    /** From upload metadata: {@code title}, {@code description}, {@code tags} (comma-separated). */
    public static KeywordInput of(String documentId, Transcript transcript, Map<String, String> metadata) {
        return of(documentId, transcript, null, metadata);
    }

    public static KeywordInput of(String documentId, Transcript transcript, OnScreenText screen,
                                  Map<String, String> metadata) {
        String tags = metadata.get("tags");
        return new KeywordInput(documentId, transcript, metadata.get("title"), metadata.get("description"),
                tags == null ? List.of() : Arrays.asList(tags.split("[,;\\n]")), screen);
    }

    /** What was said, as far as the speech engine was sure of it ({@link Transcript#trustedText()}). */
    public String speech() {
        return transcript == null ? "" : transcript.trustedText();
    }

    /** The distinct on-screen texts, first shown first. */
    public List<String> screenTexts() {
        return screen == null ? List.of() : screen.items().stream().map(OnScreenText.Item::text)
                .filter(t -> t != null && !t.isBlank()).toList();
    }

    /** Title, description, tags, on-screen text and speech as one text: what the document embedding is computed from. */
    public String documentText() {
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {title, description, String.join(", ", tags), String.join(". ", screenTexts()),
                speech()}) {
            if (part != null && !part.isBlank()) {
                if (!sb.isEmpty()) {
                    sb.append(". ");
                }
                sb.append(part.strip());
            }
        }
        return sb.toString();
    }
}
