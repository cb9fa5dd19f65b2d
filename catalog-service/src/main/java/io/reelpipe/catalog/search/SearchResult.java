package io.reelpipe.catalog.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/search}: one page of hits, facet counts over every match, the next page's cursor.
 *
 * @param total         matches (keyword: counted exactly up to 10 000; semantic: the nearest neighbours considered)
 * @param note          why the search ran differently than asked (e.g. semantic part unavailable), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(String q, String mode, long total, List<Hit> hits, Map<String, List<FacetCount>> facets,
                           String cursor, long tookMs, String note) {

    /** One asset that matched. {@code score} orders hits within one mode (not comparable across modes). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(String assetId, String title, String filename, String description, List<String> tags,
                      Double durationSeconds, String orientation, Integer width, Integer height,
                      List<String> languages, boolean hasCaptions, String pipeline, Instant createdAt,
                      Instant updatedAt, double score, List<String> keywords, List<Highlight> highlights,
                      Map<String, String> links) {
    }

    /**
     * Where the query matched: {@code field} ({@code transcript}, {@code title}, {@code keywords}, …), the text with
     * the matched words in {@code <em>} (the rest HTML-escaped), and for spoken text the time in seconds, so a player
     * can open at that moment.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Highlight(String field, String snippet, Double start, Double end) {
    }

    public record FacetCount(String value, long count) {
    }
}
