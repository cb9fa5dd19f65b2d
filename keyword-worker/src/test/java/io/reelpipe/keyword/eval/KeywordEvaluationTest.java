package io.reelpipe.keyword.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.SharedEmbedder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quality on the labelled ads: the full method (MiniLM KeyBERT similarity + TF-IDF, MMR) against the statistical
 * baseline alone (TF-IDF + MMR), precision@10 and recall@10, TF-IDF corpus = the other ads (leave-one-out).
 * Match rule: after lowercasing and plural folding, a prediction counts when it equals a gold keyword or one's words
 * are a contiguous run inside the other's; the exact-match columns are logged too.
 */
class KeywordEvaluationTest {

    private static final Logger log = LoggerFactory.getLogger(KeywordEvaluationTest.class);
    static final int K = 10;
    static final int POOL = Integer.getInteger("keyword.eval.pool", 50);

    @Test
    void fullMethodBeatsStatisticalBaseline() {
        List<LabelledAds.Ad> ads = LabelledAds.load();
        assertThat(ads).hasSizeGreaterThanOrEqualTo(30);
        Evaluation.Scores baseline = Evaluation.run(ads, null, K, 0.6, POOL, 0.7);
        Evaluation.Scores full;
        try (BatchingEmbedder embedder = new BatchingEmbedder(new NonClosing(SharedEmbedder.get()), 16,
                Duration.ofMillis(5))) {
            full = Evaluation.run(ads, embedder, K, 0.6, POOL, 0.7);
        }
        String table = Evaluation.table(List.of(full, baseline), K);
        log.info("keyword quality on {} labelled ads (k={}):\n{}", ads.size(), K, table);
        System.out.println("keyword quality, " + ads.size() + " labelled ads\n" + table);
        for (int i = 0; i < ads.size(); i++) {
            List<String> gold = ads.get(i).gold();
            log.debug("{} full={} baseline={} gold={}", ads.get(i).id(), full.ads().get(i).predicted(),
                    baseline.ads().get(i).predicted(), gold);
        }
        assertThat(full.precision()).isGreaterThanOrEqualTo(0.6);
        assertThat(full.precision()).isGreaterThan(baseline.precision());
    }

    /** Keeps the shared model open for other tests when the batcher closes. */
    record NonClosing(io.reelpipe.keyword.embedding.SentenceEmbedder d) implements io.reelpipe.keyword.embedding.SentenceEmbedder {
        @Override
        public float[][] embed(List<String> texts) {
            return d.embed(texts);
        }

        @Override
        public io.reelpipe.keyword.embedding.EmbedderInfo info() {
            return d.info();
        }
    }
}
