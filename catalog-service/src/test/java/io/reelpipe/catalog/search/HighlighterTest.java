package io.reelpipe.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.index.CatalogSchema;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighlighterTest {

    static AssetDocument doc(String lang, List<AssetDocument.Segment> segs, String title) {
        return new AssetDocument("acme", "a", title, null, List.of(), null, null, Instant.EPOCH, Instant.EPOCH,
                List.of(), lang, "speech", null, segs, null, List.of(), null, null, null, null, null, null, List.of(),
                false, null, null);
    }

    final Highlighter h = new Highlighter(CatalogSchema.analyzer());

    @Test
    void picksTheSegmentWithTheMostQueryWordsStemmedWithItsTimeAndEscapes() {
        AssetDocument d = doc("en", List.of(new AssetDocument.Segment(0.0, 3.0, "Charging is fast."),
                new AssetDocument.Segment(3.0, 6.0, "Fast charging & a long <battery> range."),
                new AssetDocument.Segment(6.0, 9.0, "Book a test drive.")), "Voltra");
        List<SearchResult.Highlight> hl = h.highlight(d, "charge batteries");
        assertThat(hl.get(0).field()).isEqualTo("transcript");
        assertThat(hl.get(0).start()).isEqualTo(3.0);
        assertThat(hl.get(0).snippet()).isEqualTo("Fast <em>charging</em> &amp; a long &lt;<em>battery</em>&gt; range.");
    }

    @Test
    void koreanMorphemesAreFoundInsideLongerWords() {
        AssetDocument d = doc("ko", List.of(new AssetDocument.Segment(2.0, 5.0,
                "동네 맛집 음식을 삼십 분 안에 문 앞까지 배달해 드립니다.")), "번개배달");
        List<SearchResult.Highlight> hl = h.highlight(d, "음식 배달");
        assertThat(hl.get(0).snippet()).contains("<em>음식</em>", "<em>배달</em>");
        assertThat(hl.get(0).start()).isEqualTo(2.0);
    }
}
