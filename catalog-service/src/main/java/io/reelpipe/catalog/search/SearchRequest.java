package io.reelpipe.catalog.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated search of one tenant. Every filter is optional; {@code q} may be empty (browse by filters) except in
 * semantic mode.
 *
 * @param minDuration seconds, inclusive (null: no bound)
 * @param maxDuration seconds, exclusive (null: no bound)
 * @param offset      where the page starts (from the cursor)
 */
public record SearchRequest(String tenant, String q, SearchMode mode, Double minDuration, Double maxDuration,
                            String orientation, String language, Boolean hasCaptions, List<String> tags, Instant from,
                            Instant to, SearchSort sort, int offset, int size) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)?-(\\d+(?:\\.\\d+)?)?");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    public SearchRequest {
        q = q == null ? "" : q.strip();
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Parses the query string of {@code GET /v1/search}; {@link BadSearchRequest} names what is wrong. */
    public static SearchRequest parse(String tenant, Map<String, String> p, SearchMode defaultMode, int maxResults) {
        String q = p.getOrDefault("q", "");
        if (q.length() > 1000) {
            throw new BadSearchRequest("q", "q is longer than 1000 characters");
        }
        SearchMode mode = blank(p.get("mode")) ? defaultMode : SearchMode.parse(p.get("mode"));
        if (mode == SearchMode.SEMANTIC && q.isBlank()) {
            throw new BadSearchRequest("q", "semantic search needs a query: q is empty");
        }
        Double min = null;
        Double max = null;
        if (!blank(p.get("duration"))) {
            Matcher m = DURATION.matcher(p.get("duration").strip());
            if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
                throw new BadSearchRequest("duration", "duration is a range of seconds such as 15-30, -30 or 60-, not '"
                        + p.get("duration") + "'");
            }
            min = m.group(1) == null ? null : Double.parseDouble(m.group(1));
            max = m.group(2) == null ? null : Double.parseDouble(m.group(2));
            if (min != null && max != null && min >= max) {
                throw new BadSearchRequest("duration", "duration's lower bound must be below its upper bound");
            }
        }
        String orientation = null;
        if (!blank(p.get("orientation"))) {
            orientation = p.get("orientation").strip().toLowerCase(Locale.ROOT);
            if (!List.of("landscape", "portrait", "square").contains(orientation)) {
                throw new BadSearchRequest("orientation", "orientation must be landscape, portrait or square, not '"
                        + p.get("orientation") + "'");
            }
        }
        String language = null;
        if (!blank(p.get("language"))) {
            language = p.get("language").strip().toLowerCase(Locale.ROOT);
            if (!LANGUAGE.matcher(language).matches()) {
                throw new BadSearchRequest("language", "language is a two-letter code such as en or ko, not '"
                        + p.get("language") + "'");
            }
        }
        Boolean captions = null;
        if (!blank(p.get("hasCaptions"))) {
            String c = p.get("hasCaptions").strip().toLowerCase(Locale.ROOT);
            if (!c.equals("true") && !c.equals("false")) {
                throw new BadSearchRequest("hasCaptions", "hasCaptions must be true or false, not '"
                        + p.get("hasCaptions") + "'");
            }
            captions = Boolean.parseBoolean(c);
        }
        List<String> tags = new ArrayList<>();
        if (!blank(p.get("tags"))) {
            for (String t : p.get("tags").split(",")) {
                if (t.isBlank() || t.length() > 100) {
                    throw new BadSearchRequest("tags", "tags is a comma-separated list of tags (each 1-100 characters)");
                }
                tags.add(t.strip().toLowerCase(Locale.ROOT));
            }
        }
        Instant from = instant("from", p.get("from"), false);
        Instant to = instant("to", p.get("to"), true);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadSearchRequest("from", "from is after to");
        }
        SearchSort sort = blank(p.get("sort")) ? SearchSort.RELEVANCE : SearchSort.parse(p.get("sort"));
        int size = DEFAULT_SIZE;
        if (!blank(p.get("size"))) {
            try {
                size = Integer.parseInt(p.get("size").strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_SIZE) {
                throw new BadSearchRequest("size", "size must be between 1 and " + MAX_SIZE);
            }
        }
        SearchRequest r = new SearchRequest(tenant, q, mode, min, max, orientation, language, captions, tags, from,
                to, sort, 0, size);
        if (!blank(p.get("cursor"))) {
            int offset = Cursor.decode(p.get("cursor"), r.signature());
            if (offset >= maxResults) {
                throw new BadSearchRequest("cursor", "results beyond the first " + maxResults
                        + " are not served: narrow the search");
            }
            r = r.at(offset);
        }
        return r;
    }

    public SearchRequest at(int newOffset) {
        return new SearchRequest(tenant, q, mode, minDuration, maxDuration, orientation, language, hasCaptions, tags,
                from, to, sort, newOffset, size);
    }

    /** What a cursor is bound to: the same search (tenant included), any page. */
    public String signature() {
        return Integer.toHexString(Objects.hash(tenant, q, mode, minDuration, maxDuration, orientation, language,
                hasCaptions, tags, from, to, sort, size));
    }

    private static Instant instant(String name, String v, boolean endOfDay) {
        if (blank(v)) {
            return null;
        }
        String s = v.strip();
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minusMillis(endOfDay ? 1 : 0);
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new BadSearchRequest(name, name + " is a date (2026-01-31) or an instant (2026-01-31T12:00:00Z), not '"
                    + v + "'");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
