package io.reelpipe.keyword.statistical;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.candidates.CandidateExtractor.Segment;
import io.reelpipe.keyword.candidates.CandidateSet;
import io.reelpipe.keyword.candidates.TextSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfIdfScorerTest {

    private final CandidateExtractor ex = new CandidateExtractor();
    private final TfIdfScorer scorer = new TfIdfScorer();

    @Test
    void frequentDistinctiveWordsWinAndCommonCorpusWordsLose() {
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "Fizzup lemon soda. Ice cold Fizzup lemon at the beach. Delivery in thirty minutes with our app. "
                        + "Grab a Fizzup at the beach.")), 2);
        InMemoryDocumentFrequencies corpus = new InMemoryDocumentFrequencies();
        // "app" and "delivery" are in every earlier document; "fizzup" in none
        for (int i = 0; i < 20; i++) {
            corpus.add("doc-" + i, Set.of("app", "delivery", "beach".repeat(i == 0 ? 1 : 0)));
        }
        Map<String, Double> s = scorer.score(set, corpus.snapshot(set.wordCounts().keySet()));
        assertThat(s.values()).allMatch(v -> v > 0 && v <= 1.0);
        assertThat(s.get("fizzup")).isGreaterThan(s.get("app"));
        assertThat(s.get("fizzup lemon")).isGreaterThan(s.get("delivery"));
        assertThat(s.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isEqualTo(1.0);
    }

    @Test
    void emptyCorpusMeansIdfOne() {
        assertThat(CorpusStats.empty().idf("anything")).isEqualTo(1.0);
        CorpusStats c = new CorpusStats(9, Map.of("common", 9L));
        assertThat(c.idf("common")).isEqualTo(1.0);
        assertThat(c.idf("rare")).isGreaterThan(3.0);
    }

    @Test
    void fileCorpusPersistsAndIgnoresRedeliveries(@TempDir Path dir) {
        Path file = dir.resolve("df.tsv");
        InMemoryDocumentFrequencies a = new InMemoryDocumentFrequencies(file, 1);
        a.record("asset-1", Set.of("coffee", "cold")).block();
        a.record("asset-1", Set.of("coffee", "cold")).block(); // redelivered
        a.record("asset-2", Set.of("coffee")).block();
        InMemoryDocumentFrequencies b = new InMemoryDocumentFrequencies(file, 1);
        CorpusStats s = b.lookup(List.of("coffee", "cold", "tea")).block();
        assertThat(s.documents()).isEqualTo(2);
        assertThat(s.df("coffee")).isEqualTo(2);
        assertThat(s.df("cold")).isEqualTo(1);
        assertThat(s.df("tea")).isZero();
        b.record("asset-2", Set.of("coffee")).block();
        assertThat(b.documents()).isEqualTo(2);
    }
}
