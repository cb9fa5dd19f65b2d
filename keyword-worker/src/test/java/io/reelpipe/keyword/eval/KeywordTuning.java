package io.reelpipe.keyword.eval;

import io.reelpipe.keyword.KeywordExtractor;
import io.reelpipe.keyword.KeywordParameters;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.SharedEmbedder;
import io.reelpipe.keyword.rank.KeyphraseRanker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tuning harness (a main, no test): scores settings on the {@code dev} split only. The {@code test} split is scored
 * by {@link KeywordEvaluationTest} with the shipped defaults.
 */
public final class KeywordTuning {

    static final int POOL = Integer.getInteger("pool", 50);
    static final double LAMBDA = Double.parseDouble(System.getProperty("lambda", "0.6"));

    /** Scores each line of the file {@code -Dconfigs=PATH}: {@code pool rrfK statWeight lengthPenalty titleWeight cutoff lambda namePenalty [straddlePenalty]}. */
    static void grid(List<LabelledAds.Ad> dev, List<LabelledAds.Ad> all, CandidateExtractor ex,
                     BatchingEmbedder embedder) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(System.getProperty("configs")))) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                int pool = Integer.parseInt(f[0]);
                KeyphraseRanker.Settings st = new KeyphraseRanker.Settings(Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]), Double.parseDouble(f[7]), f.length > 8 ? Double.parseDouble(f[8])
                        : KeyphraseRanker.Settings.DEFAULTS.straddlePenalty(), f.length > 9 ? Boolean.parseBoolean(f[9]) : KeyphraseRanker.Settings.DEFAULTS.excludeNameFragments());
                double lambda = Double.parseDouble(f[6]);
                Evaluation.Scores s = Evaluation.run(dev, all, "", c -> new KeywordExtractor(ex, c, embedder, null, pool,
                        0.7, st), new KeywordParameters(10, lambda, "embedding", 3));
                if (Boolean.getBoolean("show")) { for (var ad : s.ads()) System.out.println("  " + ad.id() + " " + ad.predicted()); }
                System.out.printf("%.3f %.3f %.3f %.3f %.3f %.3f | %s%n", s.precision(), s.recall(), s.exactPrecision(),
                        s.exactRecall(), s.distinctPrecision(), s.distinctRecall(), line.trim());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        List<LabelledAds.Ad> all = LabelledAds.load();
        String split = args.length > 0 ? args[0] : "dev";
        List<LabelledAds.Ad> dev = LabelledAds.split(all, split);
        CandidateExtractor ex = new CandidateExtractor();
        try (BatchingEmbedder embedder = new BatchingEmbedder(new CachingEmbedder(SharedEmbedder.get()), 16,
                Duration.ofMillis(1))) {
            List<Evaluation.Scores> rows = new ArrayList<>();
            rows.add(Evaluation.run(dev, all, "baseline", c -> new KeywordExtractor(ex, c, null, null, 50, 0.7),
                    new KeywordParameters(10, 0.6, "statistical", 3)));
            rows.add(Evaluation.run(dev, all, "old full", c -> new KeywordExtractor(ex, c, embedder, null, 50, 0.7, null),
                    new KeywordParameters(10, 0.6, "embedding", 3)));
            rows.add(Evaluation.run(dev, all, "new full (defaults)", c -> new KeywordExtractor(ex, c, embedder, null,
                    POOL, 0.7, KeyphraseRanker.Settings.DEFAULTS), new KeywordParameters(10, null, "embedding", 3)));
            System.out.println(split + " (" + dev.size() + " ads)\n" + Evaluation.table(rows, 10));
            if (args.length > 0 && args[args.length - 1].equals("grid")) {
                grid(dev, all, ex, embedder);
                return;
            }
            if (args.length > 1) {
                for (int i = 0; i < dev.size(); i++) {
                    System.out.println(dev.get(i).id() + "\n  gold " + dev.get(i).gold());
                    for (Evaluation.Scores s : rows) {
                        System.out.println("  " + s.method() + " " + s.ads().get(i).predicted());
                    }
                }
            }
        }
        System.exit(0);
    }
}
