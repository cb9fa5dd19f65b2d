package io.reelpipe.catalog.search;

/** Result order: {@code relevance} (default), {@code newest}, {@code oldest}, {@code longest}, {@code shortest}. */
public enum SearchSort {
    RELEVANCE, NEWEST, OLDEST, LONGEST, SHORTEST;

    public static SearchSort parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadSearchRequest("sort", "sort must be relevance, newest, oldest, longest or shortest, not '" + s
                    + "'");
        }
    }
}
