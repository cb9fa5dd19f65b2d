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

    /**
     * Scores of one ad. {@code distinct*}: the lenient rule under one-to-one matching ({@link #matchedPairs}), so a
     * gold keyword credits one prediction only.
     */
    public record PerAd(String id, List<String> predicted, double precision, double recall, double exactPrecision,
                        double exactRecall, double distinctPrecision, double distinctRecall) {
    }

    public record Scores(String method, double precision, double recall, double exactPrecision, double exactRecall,
                         double distinctPrecision, double distinctRecall, List<PerAd> ads) {
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
            int distinct = matchedPairs(predicted, ad.gold(), LabelledAds::matches);
            per.add(new PerAd(ad.id(), predicted, precision(predicted, ad.gold(), LabelledAds::matches),
                    recall(predicted, ad.gold(), LabelledAds::matches), precision(predicted, ad.gold(), LabelledAds::exact),
                    recall(predicted, ad.gold(), LabelledAds::exact),
                    predicted.isEmpty() ? 0 : (double) distinct / predicted.size(), (double) distinct / ad.gold().size()));
        }
        return new Scores(label,
                per.stream().mapToDouble(PerAd::precision).average().orElse(0),
                per.stream().mapToDouble(PerAd::recall).average().orElse(0),
                per.stream().mapToDouble(PerAd::exactPrecision).average().orElse(0),
                per.stream().mapToDouble(PerAd::exactRecall).average().orElse(0),
                per.stream().mapToDouble(PerAd::distinctPrecision).average().orElse(0),
                per.stream().mapToDouble(PerAd::distinctRecall).average().orElse(0), per);
    }

    /** Share of the (at most k) predictions that match some gold keyword. */
    static double precision(List<String> predicted, List<String> gold, BiPredicate<String, String> rule) {
        if (predicted.isEmpty()) {
            return 0;
        }
        long hits = predicted.stream().filter(p -> gold.stream().anyMatch(g -> rule.test(p, g))).count();
        return (double) hits / predicted.size();
    }

    /**
     * One-to-one matching: the largest set of (prediction, gold) pairs under {@code rule} in which each prediction and
     * each gold keyword appears at most once (augmenting paths), so three fragments of one gold keyword count once.
     */
    static int matchedPairs(List<String> predicted, List<String> gold, BiPredicate<String, String> rule) {
        int[] goldTo = new int[gold.size()];
        java.util.Arrays.fill(goldTo, -1);
        int pairs = 0;
        for (int p = 0; p < predicted.size(); p++) {
            if (augment(p, predicted, gold, rule, goldTo, new boolean[gold.size()])) {
                pairs++;
            }
        }
        return pairs;
    }

    private static boolean augment(int p, List<String> predicted, List<String> gold, BiPredicate<String, String> rule,
                                   int[] goldTo, boolean[] seen) {
        for (int g = 0; g < gold.size(); g++) {
            if (!seen[g] && rule.test(predicted.get(p), gold.get(g))) {
                seen[g] = true;
                if (goldTo[g] < 0 || augment(goldTo[g], predicted, gold, rule, goldTo, seen)) {
                    goldTo[g] = p;
                    return true;
                }
            }
        }
        return false;
    }

    /** Share of the gold keywords matched by some prediction. */
    static double recall(List<String> predicted, List<String> gold, BiPredicate<String, String> rule) {
        long hits = gold.stream().filter(g -> predicted.stream().anyMatch(p -> rule.test(p, g))).count();
        return (double) hits / gold.size();
    }

    /**
     * Paired sign-flip randomisation test on per-ad differences {@code a − b} of one figure: the share of 200,000
     * random sign assignments (fixed seed) whose mean difference is at least the observed one (one-sided p-value).
     */
    public static double pValue(Scores a, Scores b, java.util.function.ToDoubleFunction<PerAd> figure) {
        int n = a.ads().size();
        double[] d = new double[n];
        double observed = 0;
        for (int i = 0; i < n; i++) {
            d[i] = figure.applyAsDouble(a.ads().get(i)) - figure.applyAsDouble(b.ads().get(i));
            observed += d[i];
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        int rounds = 200_000;
        int atLeast = 0;
        for (int r = 0; r < rounds; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += random.nextBoolean() ? d[i] : -d[i];
            }
            if (sum >= observed - 1e-12) {
                atLeast++;
            }
        }
        return (double) atLeast / rounds;
    }

    public static String table(List<Scores> rows, int k) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-56s %8s %8s %14s %14s %14s %14s%n", "method", "P@" + k, "R@" + k,
                "P@" + k + " exact", "R@" + k + " exact", "P@" + k + " 1:1", "R@" + k + " 1:1"));
        for (Scores s : rows) {
            sb.append(String.format("%-56s %8.3f %8.3f %14.3f %14.3f %14.3f %14.3f%n", s.method(), s.precision(),
                    s.recall(), s.exactPrecision(), s.exactRecall(), s.distinctPrecision(), s.distinctRecall()));
        }
        return sb.toString();
    }
}
