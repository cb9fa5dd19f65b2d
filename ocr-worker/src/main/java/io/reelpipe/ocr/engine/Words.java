package io.reelpipe.ocr.engine;

/** What counts as a word on screen, as opposed to texture Tesseract read as glyphs. */
final class Words {

    private Words() {
    }

    /**
     * At least one letter or digit, and letters/digits make up at least half of it: keeps "$19.99", "50%", "E7",
     * "오로라"; drops "|", "=-", "—", "'',".
     */
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
        // a lone Latin letter other than a/I is noise far more often than a word
        return !(total == 1 && Character.isLetter(word.codePointAt(0)) && word.codePointAt(0) < 0x80
                && "aAI&".indexOf(word.charAt(0)) < 0);
    }
}
