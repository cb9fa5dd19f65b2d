package io.reelpipe.keyword.candidates;

/** Where a piece of input text came from; a keyword's {@code sources} in {@code keywords.json} use {@link #wire()}. */
public enum TextSource {
    /** The transcript of what is said (subtitle stage). */
    SPEECH("speech"),
    /** The asset's title. */
    TITLE("metadata"),
    /** The asset's description. */
    DESCRIPTION("metadata"),
    /** One of the comma-separated tags, taken as one phrase. */
    TAG("metadata"),
    /** Text shown on screen (ocr stage). */
    OCR("ocr");

    private final String wire;

    TextSource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
