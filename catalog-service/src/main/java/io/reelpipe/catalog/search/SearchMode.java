package io.reelpipe.catalog.search;

import java.util.Locale;

/** How {@code q} is matched: words (BM25 over the analysed fields), meaning (MiniLM vectors), or both fused (RRF). */
public enum SearchMode {
    KEYWORD, SEMANTIC, HYBRID;

    public static SearchMode parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadSearchRequest("mode", "mode must be keyword, semantic or hybrid, not '" + s + "'");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
