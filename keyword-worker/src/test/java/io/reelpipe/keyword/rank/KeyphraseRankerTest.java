package io.reelpipe.keyword.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.keyword.candidates.Candidate;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.candidates.CandidateExtractor.Segment;
import io.reelpipe.keyword.candidates.CandidateSet;
import io.reelpipe.keyword.candidates.TextSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.reelpipe.keyword.KeywordExtractor;
import io.reelpipe.keyword.KeywordInput;
import io.reelpipe.keyword.KeywordParameters;
import io.reelpipe.keyword.Transcript;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.SharedEmbedder;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import java.time.Duration;

class KeyphraseRankerTest {

    @Test
    void mmrWithLambdaOneIsRelevanceOrder() {
        double[] rel = {0.2, 0.9, 0.5};
        double[][] sim = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertThat(KeyphraseRanker.mmr(rel, sim, 3, 1.0)).containsExactly(1, 2, 0);
    }

    @Test
    void mmrSkipsNearDuplicates() {
        // 0 and 1 are near-duplicates, both more relevant than 2
        double[] rel = {1.0, 0.95, 0.6};
        double[][] sim = {{1, 0.95, 0.1}, {0.95, 1, 0.1}, {0.1, 0.1, 1}};
        assertThat(KeyphraseRanker.mmr(rel, sim, 2, 0.6)).containsExactly(0, 2);
        assertThat(KeyphraseRanker.mmr(rel, sim, 2, 0.95)).containsExactly(0, 1);
        assertThat(KeyphraseRanker.mmr(rel, sim, 5, 0.6)).hasSize(3);
    }

    @Test
    void embeddingRankingPrefersWhatIsCloseToTheDocument() {
        CandidateSet set = new CandidateExtractor().extract(List.of(new Segment(TextSource.SPEECH,
                "electric car. banana bread. charging station")), 2);
        List<Candidate> pool = set.list();
        Map<String, Double> stat = Map.of("electric car", 0.5, "banana bread", 1.0, "charging station", 0.5,
                "electric", 0.1, "car", 0.1, "banana", 0.1, "bread", 0.1, "charging", 0.1, "station", 0.1);
        float[] doc = {1, 0, 0};
        float[][] emb = new float[pool.size()][];
        for (int i = 0; i < pool.size(); i++) {
            String k = pool.get(i).key();
            emb[i] = k.contains("banana") || k.contains("bread") ? new float[] {0, 1, 0}
                    : k.equals("electric car") ? new float[] {1, 0, 0} : new float[] {0.8f, 0, 0.6f};
        }
        List<RankedKeyword> top = new KeyphraseRanker().rankEmbedding(pool, stat, doc, emb, 2, 1.0, 0.7);
        assertThat(top.get(0).candidate().key()).isEqualTo("electric car");
        assertThat(top.get(0).similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(top.get(1).candidate().key()).isEqualTo("charging station");
    }

    @Test
    void hybridFusesRanksSkipsContainedPhrasesAndDemotesNameMixes() {
        CandidateExtractor ex = new CandidateExtractor();
        CandidateSet set = ex.extract(List.of(new Segment(TextSource.SPEECH,
                "Fizzup lemon soda. Fizzup lemon soda is cold. Fizzup. banana bread.")), 2);
        assertThat(KeyphraseRanker.names(set, io.reelpipe.keyword.statistical.CorpusStats.empty()))
                .containsExactly("fizzup");
        List<Candidate> pool = set.list();
        Map<String, Double> stat = new java.util.HashMap<>();
        float[][] emb = new float[pool.size()][];
        for (int i = 0; i < pool.size(); i++) {
            String k = pool.get(i).key();
            stat.put(k, k.contains("banana") || k.contains("bread") ? 0.1 : k.equals("fizzup lemon") ? 1.0 : 0.5);
            emb[i] = k.contains("banana") || k.contains("bread") ? new float[] {0, 1, 0}
                    : k.equals("lemon soda") || k.equals("fizzup lemon") ? new float[] {1, 0, 0}
                    : new float[] {0.8f, 0, 0.6f};
        }
        List<String> top = new KeyphraseRanker().rankHybrid(pool, stat, new float[] {1, 0, 0}, emb, 3, 1.0,
                KeyphraseRanker.Settings.DEFAULTS, KeyphraseRanker.names(set, io.reelpipe.keyword.statistical.CorpusStats.empty()))
                .stream().map(r -> r.candidate().key()).toList();
        // "fizzup lemon" mixes the name with a word: demoted below "lemon soda"; "lemon" and "soda" are contained in it
        assertThat(top.getFirst()).isEqualTo("lemon soda");
        assertThat(top).doesNotContain("lemon", "soda");
        assertThat(KeyphraseRanker.ranks(new double[] {0.2, 0.9, 0.5})).containsExactly(3, 1, 2);
    }

    /**
     * The title "Running shoes summer sale" is one clause, so "shoes summer" is an n-gram of it; it straddles the
     * boundary of "running shoes", which the speech repeats, and must not be ranked (the real MiniLM model, default
     * hybrid settings, empty corpus).
     */
    @Test
    void titlePhraseThatStraddlesARecurringCompoundIsNotRanked() {
        String speech = "Summer running starts here. Running shoes from our store keep you running longer. "
                + "Cushioned soles, breathable mesh, lightweight running shoes at sale prices.";
        KeywordInput input = new KeywordInput("shoes-1", new Transcript(1, null, "script", "test", "none", speech,
                List.of(), List.of(), null), "Running shoes summer sale", null, List.of());
        // CachingEmbedder never closes the shared model, which other tests keep using
        try (BatchingEmbedder embedder = new BatchingEmbedder(
                new io.reelpipe.keyword.eval.CachingEmbedder(SharedEmbedder.get()), 16, Duration.ofMillis(1))) {
            KeywordExtractor extractor = new KeywordExtractor(new CandidateExtractor(),
                    new InMemoryDocumentFrequencies(), embedder, null, 50, 0.7, KeyphraseRanker.Settings.DEFAULTS);
            List<String> top = extractor.extract(input, new KeywordParameters(10, null, "embedding", 3), false)
                    .block(Duration.ofMinutes(1)).keywords().stream().map(k -> k.keyword()).toList();
            assertThat(top.subList(0, Math.min(5, top.size()))).contains("running shoes");
            assertThat(top).hasSize(10).doesNotContain("shoes summer", "running shoes summer");
        }
    }
}
