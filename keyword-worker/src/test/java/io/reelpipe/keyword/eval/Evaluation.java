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
import java.util.function.Function;
import io.reelpipe.keyword.statistical.DocumentFrequencies;

/** Precision@k / recall@k of the extractor on the labelled ads. */
public final class Evaluation {

    public record PerAd(String id, List<String> predicted, double precision, double recall, double exactPrecision,
                        double exactRecall) {
    }

    public record Scores(String method, double precision, double recall, double exactPrecision, double exactRecall,
                         List<PerAd> ads) {
    }

    /** Leave-one-out corpora by (corpus ids, left-out id): evaluation never records into them. */
    private static final java.util.Map<String, DocumentFrequencies> CORPORA = new java.util.concurrent.ConcurrentHashMap<>();

    private Evaluation() {
    }

    /** @param embedder null: statistical baseline */
    public static Scores run(List<LabelledAds.Ad> ads, BatchingEmbedder embedder, int k, double diversity,
                             int pool, double embeddingWeight) {
        return run(ads, ads, embedder == null ? "statistical (TF-IDF + MMR)" : "embedding (MiniLM KeyBERT + TF-IDF + MMR)",
                corpus -> new KeywordExtractor(new CandidateExtractor(), corpus, embedder, null, pool, embeddingWeight),
                new KeywordParameters(k, diversity, embedder == null ? "statistical" : "embedding", 3));
    }

    /**
     * Scores {@code evaluated}; the TF-IDF corpus of each ad is every other ad of {@code corpus} (leave-one-out: the
     * corpus uses no labels).
     */
    public static Scores run(List<LabelledAds.Ad> evaluated, List<LabelledAds.Ad> corpus, String label,
                             Function<DocumentFrequencies, KeywordExtractor> extractors, KeywordParameters params) {
        CandidateExtractor ex = new CandidateExtractor();
        int k = params.top();
        List<PerAd> per = new ArrayList<>();
        for (LabelledAds.Ad ad : evaluated) {
            KeywordExtractor extractor = extractors.apply(CORPORA.computeIfAbsent(
                    corpus.stream().map(LabelledAds.Ad::id).toList() + "-" + ad.id(),
                    key -> LabelledAds.corpusWithout(corpus, ad.id(), ex)));
            KeywordResult r = extractor.extract(ad.input(), params, false).block(Duration.ofMinutes(1));
            List<String> predicted = r.keywords().stream().map(KeywordResult.Keyword::keyword).limit(k).toList();
            per.add(new PerAd(ad.id(), predicted, precision(predicted, ad.gold(), LabelledAds::matches),
                    recall(predicted, ad.gold(), LabelledAds::matches), precision(predicted, ad.gold(), LabelledAds::exact),
                    recall(predicted, ad.gold(), LabelledAds::exact)));
        }
        return new Scores(label,
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
        sb.append(String.format("%-56s %8s %8s %14s %14s%n", "method", "P@" + k, "R@" + k, "P@" + k + " exact",
                "R@" + k + " exact"));
        for (Scores s : rows) {
            sb.append(String.format("%-56s %8.3f %8.3f %14.3f %14.3f%n", s.method(), s.precision(), s.recall(),
                    s.exactPrecision(), s.exactRecall()));
        }
        return sb.toString();
    }
}
