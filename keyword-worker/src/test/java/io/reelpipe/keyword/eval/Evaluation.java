package io.reelpipe.keyword.eval;

import io.reelpipe.keyword.KeywordExtractor;
import io.reelpipe.keyword.KeywordParameters;
import io.reelpipe.keyword.KeywordResult;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/** Precision@k / recall@k of the extractor on the labelled ads. */
public final class Evaluation {

    public record PerAd(String id, List<String> predicted, double precision, double recall, double exactPrecision,
                        double exactRecall) {
    }

    public record Scores(String method, double precision, double recall, double exactPrecision, double exactRecall,
                         List<PerAd> ads) {
    }

    private Evaluation() {
    }

    /** @param embedder null: statistical baseline */
    public static Scores run(List<LabelledAds.Ad> ads, BatchingEmbedder embedder, int k, double diversity,
                             int pool, double embeddingWeight) {
        CandidateExtractor ex = new CandidateExtractor();
        KeywordParameters params = new KeywordParameters(k, diversity, embedder == null ? "statistical" : "embedding", 3);
        List<PerAd> per = new ArrayList<>();
        for (LabelledAds.Ad ad : ads) {
            KeywordExtractor extractor = new KeywordExtractor(ex, LabelledAds.corpusWithout(ads, ad.id(), ex), embedder,
                    null, pool, embeddingWeight);
            KeywordResult r = extractor.extract(ad.input(), params, false).block(Duration.ofMinutes(1));
            List<String> predicted = r.keywords().stream().map(KeywordResult.Keyword::keyword).limit(k).toList();
            per.add(new PerAd(ad.id(), predicted, precision(predicted, ad.gold(), LabelledAds::matches),
                    recall(predicted, ad.gold(), LabelledAds::matches), precision(predicted, ad.gold(), LabelledAds::exact),
                    recall(predicted, ad.gold(), LabelledAds::exact)));
        }
        return new Scores(embedder == null ? "statistical (TF-IDF + MMR)" : "embedding (MiniLM KeyBERT + TF-IDF + MMR)",
                per.stream().mapToDouble(PerAd::precision).average().orElse(0),
                per.stream().mapToDouble(PerAd::recall).average().orElse(0),
                per.stream().mapToDouble(PerAd::exactPrecision).average().orElse(0),
                per.stream().mapToDouble(PerAd::exactRecall).average().orElse(0), per);
    }

    /** Share of the (at most k) predictions that match some gold keyword. */
    static double precision(List<String> predicted, List<String> gold, BiPredicate<String, String> rule) {
        if (predicted.isEmpty()) {
            return 0;
        }
        long hits = predicted.stream().filter(p -> gold.stream().anyMatch(g -> rule.test(p, g))).count();
        return (double) hits / predicted.size();
    }

    /** Share of the gold keywords matched by some prediction. */
    static double recall(List<String> predicted, List<String> gold, BiPredicate<String, String> rule) {
        long hits = gold.stream().filter(g -> predicted.stream().anyMatch(p -> rule.test(p, g))).count();
        return (double) hits / gold.size();
    }

    public static String table(List<Scores> rows, int k) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-44s %8s %8s %14s %14s%n", "method", "P@" + k, "R@" + k, "P@" + k + " exact",
                "R@" + k + " exact"));
        for (Scores s : rows) {
            sb.append(String.format("%-44s %8.3f %8.3f %14.3f %14.3f%n", s.method(), s.precision(), s.recall(),
                    s.exactPrecision(), s.exactRecall()));
        }
        return sb.toString();
    }
}
