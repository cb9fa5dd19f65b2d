package io.reelpipe.keyword.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.keyword.candidates.CandidateExtractor.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateExtractorTest {

    private final CandidateExtractor ex = new CandidateExtractor();

    @Test
    void englishNgramsDoNotStartOrEndWithStopWordsNorCrossPunctuation() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "Open a savings account with no monthly fees. Savings accounts, made simple!")), 3);
        assertThat(set.candidates()).containsKeys("savings account", "monthly fee", "no monthly fee".substring(3));
        assertThat(set.candidates()).doesNotContainKeys("a savings", "account with", "fees savings", "fee saving");
        // plural folding: "savings accounts" and "savings account" are one candidate
        assertThat(set.candidates().get("savings account").count(TextSource.SPEECH)).isEqualTo(2);
        assertThat(set.language()).isEqualTo("en");
    }

    @Test
    void marksTitlePhrasesThatStraddleARecurringPhrase() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.TITLE, "Running shoes summer sale"),
                new Segment(TextSource.SPEECH, "Our running shoes are light. Lightweight running shoes for summer.")), 3);
        // "running shoes" recurs (3×): "shoes summer" and "running shoes summer" run past its end
        assertThat(set.candidates().get("shoe summer").straddlesOnly()).isTrue();
        assertThat(set.candidates().get("running shoe summer").straddlesOnly()).isTrue();
        // "lightweight running" stops inside it
        assertThat(set.candidates().get("lightweight running").straddlesOnly()).isTrue();
        assertThat(set.candidates().get("running shoe").straddlesOnly()).isFalse();
        assertThat(set.candidates().get("summer sale").straddlesOnly()).isFalse();
        assertThat(set.candidates().get("lightweight running shoe").straddlesOnly()).isFalse();
        // a name before a phrase is no boundary: "Vitacore gym" recurring leaves "gym membership" alone
        CandidateSet named = ex.extract(List.of(new Segment(TextSource.TITLE, "Vitacore gym membership"),
                new Segment(TextSource.SPEECH, "Join Vitacore gym today. Vitacore gym, open all night.")), 3);
        assertThat(named.candidates().get("gym membership").straddlesOnly()).isFalse();
    }

    @Test
    void keepsAcronymsAndAlphanumericsDropsQuantities() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "The new 5G network for 35 dollars, with 300 free minutes and a V6 engine.")), 3);
        assertThat(set.candidates()).containsKeys("5g network", "5g", "v6 engine");
        assertThat(set.candidates().keySet()).noneMatch(k -> k.startsWith("35") || k.startsWith("300"));
        assertThat(set.candidates().get("5g network").text()).isEqualTo("5G network");
    }

    @Test
    void normalisesPluralsAndPossessives() {
        assertThat(CandidateExtractor.normalize("Batteries")).isEqualTo("battery");
        assertThat(CandidateExtractor.normalize("coaches")).isEqualTo("coach");
        assertThat(CandidateExtractor.normalize("Voltra's")).isEqualTo("voltra");
        assertThat(CandidateExtractor.normalize("savings")).isEqualTo("savings");
        assertThat(CandidateExtractor.normalize("bus")).isEqualTo("bus");
    }

    @Test
    void koreanYieldsCandidatesWithParticlesStripped() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "번개배달은 동네 맛집 음식을 문 앞까지 배달해 드립니다. 첫 주문은 배달비 무료!")), 3);
        assertThat(set.isEmpty()).isFalse();
        assertThat(set.candidates()).containsKeys("번개배달", "맛집", "음식", "동네 맛집 음식", "배달비 무료");
        // predicates ("드립니다", "배달해") never end a candidate
        assertThat(set.candidates().keySet()).noneMatch(k -> k.endsWith("드립니다") || k.endsWith("배달해"));
        assertThat(set.language()).isEqualTo("ko");
    }

    @Test
    void unspacedScriptsAndMixedTextDoNotBreak() {
        CandidateSet ja = ex.extract(List.of(new Segment(TextSource.SPEECH, "新しい電気自動車で長距離ドライブを楽しもう。")), 3);
        assertThat(ja.isEmpty()).isFalse();
        assertThat(ja.candidates().keySet()).allMatch(k -> k.codePointCount(0, k.length()) <= 3 * 4 + 2);
        CandidateSet mixed = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "Nova 쿠션 파운데이션 is the K-beauty secret — 😀 ١٢٣ café naïve")), 3);
        assertThat(mixed.candidates()).containsKeys("쿠션 파운데이션", "k-beauty", "café");
        assertThat(ex.extract(List.of(new Segment(TextSource.SPEECH, "!!! ... ---")), 3).isEmpty()).isTrue();
    }

    @Test
    void tagsAreWholePhrasesAndSourcesAreKept() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.TITLE, "Voltra electric SUV"),
                new Segment(TextSource.TAG, "family road trips"),
                new Segment(TextSource.SPEECH, "The Voltra electric SUV is built for family road trips.")), 3);
        Candidate suv = set.candidates().get("voltra electric suv");
        assertThat(suv.sources()).containsExactlyInAnyOrder(TextSource.TITLE, TextSource.SPEECH);
        assertThat(set.candidates().get("family road trip").sources()).contains(TextSource.TAG, TextSource.SPEECH);
    }
}
