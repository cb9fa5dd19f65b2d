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
    void adClaimsStartWithNoOrZeroAndRunToTheirNoun() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "Zero sugar, full taste. Open an account with no monthly fees and no medical exam.")), 3);
        assertThat(set.candidates()).containsKeys("zero sugar", "no monthly fee", "no medical exam");
        // a claim cut before its noun is none; "no" alone or before a stop word starts nothing
        assertThat(set.candidates()).doesNotContainKeys("no monthly", "no medical", "no", "zero");
        assertThat(set.candidates().keySet()).noneMatch(k -> k.startsWith("no and") || k.startsWith("open an"));
    }

    @Test
    void namesWrittenInTitleCaseAreNamePhrasesAndTheirInsidePartsFragments() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.TITLE, "Realm of Embers fantasy game"),
                new Segment(TextSource.SPEECH, "Realm of Embers is an open world game. Pre-order Realm of Embers now. "
                        + "Meet the Voltra E7. Book a test drive at your Voltra dealer.")), 3);
        assertThat(set.candidates().get("realm of ember").namePhrase()).isTrue();
        assertThat(set.candidates().get("ember").nameFragment()).isTrue();
        assertThat(set.candidates().get("realm").nameFragment()).isTrue();
        assertThat(set.candidates().get("voltra e7").namePhrase()).isTrue();
        // "Voltra" also stands alone ("your Voltra dealer"): no fragment; "open world" is lowercase: no name
        assertThat(set.candidates().get("voltra").nameFragment()).isFalse();
        assertThat(set.candidates().get("open world").namePhrase()).isFalse();
        assertThat(set.candidates().get("open world").nameFragment()).isFalse();
        // title case only in the title is no evidence: titles are often capitalised whole
        CandidateSet titled = ex.extract(List.of(new Segment(TextSource.TITLE, "Fresh Meal Kits"),
                new Segment(TextSource.SPEECH, "Fresh meal kits every week.")), 3);
        assertThat(titled.candidates().get("fresh meal kit").namePhrase()).isFalse();
    }

    @Test
    void koreanParticlesAndAdjectivesEndNounPhrases() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "앱에서 한 번에 주문하고 실시간으로 배달 위치를 확인하세요. 번개배달 앱을 받으세요. 안전한 생체 인증 로그인.")), 3);
        // a particle after a one-syllable noun is cut too ("앱에서", "앱을")
        assertThat(set.candidates()).containsKeys("앱", "번개배달 앱", "배달 위치", "생체 인증 로그인", "실시간");
        // "실시간으로" (in real time) ends its phrase; "안전한" (safe) is an adjective; "한 번에" is a counter
        assertThat(set.candidates()).doesNotContainKeys("실시간 배달", "실시간 배달 위치", "안전 생체", "안전한 생체", "한 번에",
                "앱 한", "번에");
        assertThat(CandidateExtractor.stripParticle("가을")).isEqualTo("가을");
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
