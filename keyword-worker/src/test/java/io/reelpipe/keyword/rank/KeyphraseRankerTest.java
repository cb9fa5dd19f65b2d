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
}
