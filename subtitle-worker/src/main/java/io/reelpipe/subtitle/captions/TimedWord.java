package io.reelpipe.subtitle.captions;

/**
 * A word with its time, as shown in captions.
 *
 * @param text        the word as displayed, with its punctuation ({@code "Hello,"})
 * @param start       seconds
 * @param end         seconds, {@code >= start}
 * @param confidence  0..1
 * @param sentenceEnd true when a sentence ends with this word (captions always break after it)
 */
public record TimedWord(String text, double start, double end, double confidence, boolean sentenceEnd) {
    public TimedWord {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a word needs text");
        }
        if (end < start) {
            end = start;
        }
    }

    /** True when the text ends a sentence by its punctuation ({@code . ! ? …}, optionally followed by quotes). */
    public static boolean endsSentence(String text) {
        return text.matches(".*[.!?…][\"'”’)\\]]*$");
    }

    /** True when the text ends a clause ({@code , ; : –}): a good place to break a long cue. */
    public static boolean endsClause(String text) {
        return text.matches(".*[,;:–—][\"'”’)\\]]*$") || endsSentence(text);
    }
}
