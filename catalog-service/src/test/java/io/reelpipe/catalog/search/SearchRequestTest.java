package io.reelpipe.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchRequestTest {

    static SearchRequest parse(Map<String, String> p) {
        return SearchRequest.parse("acme", p, SearchMode.HYBRID, 1000);
    }

    @Test
    void parsesEveryFilter() {
        SearchRequest r = parse(Map.of("q", " battery range ", "mode", "Keyword", "duration", "15-30",
                "orientation", "Portrait", "language", "ko", "hasCaptions", "true", "tags", "Cars, EV",
                "from", "2026-01-01", "to", "2026-01-31", "sort", "newest"));
        assertThat(r.q()).isEqualTo("battery range");
        assertThat(r.mode()).isEqualTo(SearchMode.KEYWORD);
        assertThat(r.minDuration()).isEqualTo(15.0);
        assertThat(r.maxDuration()).isEqualTo(30.0);
        assertThat(r.orientation()).isEqualTo("portrait");
        assertThat(r.hasCaptions()).isTrue();
        assertThat(r.tags()).containsExactly("cars", "ev");
        assertThat(r.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2026-01-31T23:59:59.999Z"));
        assertThat(r.sort()).isEqualTo(SearchSort.NEWEST);
        assertThat(parse(Map.of("duration", "60-")).maxDuration()).isNull();
        assertThat(parse(Map.of("duration", "-15")).minDuration()).isNull();
        assertThat(parse(Map.of()).mode()).isEqualTo(SearchMode.HYBRID);
    }

    @Test
    void badParametersNameTheParameterAndWhy() {
        Map<String, String> bad = Map.of("mode", "mode=fuzzy", "duration", "duration=30-15", "orientation",
                "orientation=round", "hasCaptions", "hasCaptions=yes", "from", "from=2026-02-01&to=2026-01-01",
                "size", "size=0", "language", "language=korean", "q", "mode=semantic", "cursor", "cursor=abc");
        bad.forEach((param, query) -> {
            Map<String, String> p = new java.util.HashMap<>();
            for (String kv : query.split("&")) {
                p.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            assertThatThrownBy(() -> parse(p)).as(query).isInstanceOf(BadSearchRequest.class)
                    .satisfies(e -> assertThat(((BadSearchRequest) e).parameter()).isEqualTo(param))
                    .hasMessageNotContaining("Exception");
        });
    }

    @Test
    void aCursorContinuesOnlyTheSearchItCameFrom() {
        SearchRequest first = parse(Map.of("q", "cars", "size", "5"));
        String cursor = Cursor.encode(5, first.signature());
        assertThat(parse(Map.of("q", "cars", "size", "5", "cursor", cursor)).offset()).isEqualTo(5);
        assertThatThrownBy(() -> parse(Map.of("q", "boats", "size", "5", "cursor", cursor)))
                .isInstanceOf(BadSearchRequest.class).hasMessageContaining("another search");
        // another tenant's identical search: the cursor is not transferable either
        assertThatThrownBy(() -> SearchRequest.parse("globex", Map.of("q", "cars", "size", "5", "cursor", cursor),
                SearchMode.HYBRID, 1000)).isInstanceOf(BadSearchRequest.class);
        String deep = Cursor.encode(1000, first.signature());
        assertThatThrownBy(() -> parse(Map.of("q", "cars", "size", "5", "cursor", deep)))
                .hasMessageContaining("beyond the first 1000");
    }
}
