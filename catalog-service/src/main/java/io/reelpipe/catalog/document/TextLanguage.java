package io.reelpipe.catalog.document;

import java.util.Locale;

/** Which analyzer a text gets: Korean (Nori) when Hangul dominates its letters, English otherwise. */
public final class TextLanguage {

    public static final String KO = "ko";
    public static final String EN = "en";

    private TextLanguage() {
    }

    /** {@code ko} when at least a third of the letters are Hangul; {@code en} otherwise (also for empty text). */
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
        return letters > 0 && hangul * 3 >= letters ? KO : EN;
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
