package io.reelpipe.catalog.document;

import java.util.Locale;

/**
 * Which analyzer a text gets: Korean (Nori) when Hangul is at least a third of the text, counting a Hangul syllable
 * as three letters (it carries about as much as three Latin letters), English otherwise. Mixed Korean/English ad copy
 * goes to Nori, which keeps the Latin words as they are, while the English analyzer would keep whole eojeol
 * ("배달해요") and miss their stems.
 */
public final class TextLanguage {

    public static final String KO = "ko";
    public static final String EN = "en";

    private TextLanguage() {
    }

    /** {@code ko} or {@code en} as above ({@code en} for empty text). */
    public static String detect(String text) {
        if (text == null) {
            return EN;
        }
        int letters = 0;
        int hangul = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL) {
                    hangul++;
                }
            }
        }
        int weighted = hangul * 3;
        int latin = letters - hangul;
        return hangul > 0 && weighted * 2 >= latin ? KO : EN;
    }

    /** A declared language ({@code en-US}, {@code kor}, {@code ko}) as the catalog's two letters, else detection. */
    public static String normalise(String declared, String text) {
        if (declared != null && !declared.isBlank() && !"und".equalsIgnoreCase(declared)) {
            String d = declared.toLowerCase(Locale.ROOT);
            if (d.startsWith("ko")) {
                return KO;
            }
            if (d.startsWith("en")) {
                return EN;
            }
            return d.length() >= 2 ? d.substring(0, 2) : d;
        }
        return detect(text);
    }
}
