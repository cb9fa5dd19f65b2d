package io.reelpipe.ocr.engine;

/** What counts as a word on screen, as opposed to texture Tesseract read as glyphs. */
final class Words {

    private Words() {
    }

    /**
     * At least one letter or digit, and letters/digits make up at least half of it: keeps "$19.99", "50%", "E7",
     * "오로라"; drops "|", "=-", "—", "'',".
     */
    /** Short words are where texture turns into "Al", "eu", "sto": they need this much confidence (0..100). */
    static final double SHORT_WORD_CONFIDENCE = 85;

    /** Whether a word of this confidence is kept: {@code min} for most, at least {@link #SHORT_WORD_CONFIDENCE} up to 3 characters. */
    static boolean confident(String word, double confidence, double min) {
        return confidence >= (word.codePointCount(0, word.length()) <= 3 ? Math.max(min, SHORT_WORD_CONFIDENCE) : min);
    }

    static boolean plausible(String word) {
        if (word.isEmpty()) {
            return false;
        }
        int alnum = 0;
        int total = 0;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            i += Character.charCount(cp);
            total++;
            if (Character.isLetterOrDigit(cp)) {
                alnum++;
            }
        }
        if (alnum == 0 || alnum * 2 < total) {
            return false;
        }
        // a lone Hangul jamo (ㅇ, ㅎ) is a syllable Tesseract failed to assemble: the word is a misreading
        if (word.codePoints().anyMatch(cp -> cp >= 0x3131 && cp <= 0x318E)) {
            return false;
        }
        // a lone Latin letter other than a/I is noise far more often than a word
        return !(total == 1 && Character.isLetter(word.codePointAt(0)) && word.codePointAt(0) < 0x80
                && "aAI&".indexOf(word.charAt(0)) < 0);
    }

    /**
     * Tesseract's Korean model often splits a word into its syllables ("루 미 나" for "루미나"): adjacent all-Hangul
     * words of which one is a single syllable and whose gap is under half their height are joined. Real Korean words
     * are separated by wider spaces, and one-syllable words beside others are rare in ad copy.
     */
    static java.util.List<TextLine.Word> joinHangulSyllables(java.util.List<TextLine.Word> words) {
        java.util.List<TextLine.Word> out = new java.util.ArrayList<>();
        for (TextLine.Word w : words) {
            if (!out.isEmpty()) {
                TextLine.Word prev = out.getLast();
                int gap = w.box().x() - (prev.box().x() + prev.box().width());
                int height = Math.max(prev.box().height(), w.box().height());
                if (hangul(prev.text()) && hangul(w.text())
                        && (prev.text().codePointCount(0, prev.text().length()) == 1
                            || w.text().codePointCount(0, w.text().length()) == 1)
                        && gap < height / 2) {
                    out.set(out.size() - 1, new TextLine.Word(prev.text() + w.text(),
                            Math.min(prev.confidence(), w.confidence()), prev.box().union(w.box())));
                    continue;
                }
            }
            out.add(w);
        }
        return out;
    }

    private static boolean hangul(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL);
    }
}
