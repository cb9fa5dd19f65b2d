package io.reelpipe.subtitle;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Language tags: container metadata speaks ISO 639-2 ({@code eng}, {@code ger}), outputs are named by ISO 639-1. */
public final class Languages {

    private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8})*");
    private static final Map<String, String> ISO3_TO_1 = new HashMap<>();

    static {
        for (String two : Locale.getISOLanguages()) {
            try {
                ISO3_TO_1.put(Locale.of(two).getISO3Language(), two);
            } catch (java.util.MissingResourceException e) {
                // no three-letter code
            }
        }
        // ISO 639-2/B (bibliographic) codes that containers use as well
        String[][] bibliographic = {{"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"chi", "zh"},
            {"cze", "cs"}, {"dut", "nl"}, {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"}, {"gre", "el"}, {"ice", "is"},
            {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"tib", "bo"},
            {"wel", "cy"}};
        for (String[] b : bibliographic) {
            ISO3_TO_1.put(b[0], b[1]);
        }
    }

    private Languages() {
    }

    /** Lower case; a three-letter ISO 639-2 code becomes its two-letter form when it has one; null stays null. */
    public static String normalize(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String t = tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        int dash = t.indexOf('-');
        String primary = dash < 0 ? t : t.substring(0, dash);
        String rest = dash < 0 ? "" : t.substring(dash);
        if (primary.length() == 3 && ISO3_TO_1.containsKey(primary)) {
            primary = ISO3_TO_1.get(primary);
        }
        return primary + rest;
    }

    /** True for a tag usable in output names: {@code en}, {@code pt-br}, {@code yue}. */
    public static boolean valid(String normalized) {
        return normalized != null && TAG.matcher(normalized).matches();
    }

    /** Whether two tags name the same language (primary subtags equal): {@code en} matches {@code en-us}. */
    public static boolean sameLanguage(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return primary(normalize(a)).equals(primary(normalize(b)));
    }

    private static String primary(String t) {
        int dash = t.indexOf('-');
        return dash < 0 ? t : t.substring(0, dash);
    }
}
