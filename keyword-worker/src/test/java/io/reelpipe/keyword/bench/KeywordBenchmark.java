package io.reelpipe.keyword.bench;

import io.reelpipe.keyword.KeywordExtractor;
import io.reelpipe.keyword.KeywordInput;
import io.reelpipe.keyword.KeywordParameters;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.DjlSentenceEmbedder;
import io.reelpipe.keyword.embedding.EmbedderInfo;
import io.reelpipe.keyword.embedding.SentenceEmbedder;
import io.reelpipe.keyword.eval.LabelledAds;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Texts/s at batch 1 vs batched, in one run, on the labelled ads, batch 1 and batched interleaved for {@code rounds} rounds (medians), all-MiniLM-L6-v2
 * through DJL. Two figures:
 * <ul>
 *   <li>keywords: whole extraction per ad (candidates, TF-IDF, one embedding request of document + ~50 candidates,
 *       MMR), 16 ads in flight; batch 1 = {@code maxBatch 1} (each forward pass serves one ad), batched =
 *       {@code maxBatch 16}</li>
 *   <li>document embeddings: one text per request (the ad script), 16 in flight; batch 1 vs 16 per forward pass</li>
 * </ul>
 * Run: {@code java -cp ... io.reelpipe.keyword.bench.KeywordBenchmark [rounds] [device]} (README has the command).
 */
public final class KeywordBenchmark {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String device = args.length > 1 ? args[1] : "auto";
        int batch = 16;
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        List<LabelledAds.Ad> ads = LabelledAds.load();
        List<LabelledAds.Ad> work = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            work.addAll(ads);
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "reelpipe", "models");
        try (DjlSentenceEmbedder model = DjlSentenceEmbedder.bundledMiniLm(cache, device, 64)) {
            SentenceEmbedder shared = new SentenceEmbedder() {
                public float[][] embed(List<String> texts) {
                    return model.embed(texts);
                }

                public EmbedderInfo info() {
                    return model.info();
                }
            };
            // warm-up: first passes allocate and optimise
            run(shared, ads, 1, batch);
            docs(shared, ads, batch, batch);

            // interleaved rounds, median of each: the machine is shared, so load drifts during a run
            List<Double> kw1 = new ArrayList<>();
            List<Double> kwB = new ArrayList<>();
            List<Double> doc1 = new ArrayList<>();
            List<Double> docB = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                kw1.add(run(shared, ads, 1, batch));
                kwB.add(run(shared, ads, batch, batch));
                doc1.add(docs(shared, ads, 1, batch));
                docB.add(docs(shared, ads, batch, batch));
            }
            EmbedderInfo info = model.info();
            System.out.printf("%nKeyword benchmark: %d ad scripts, %d interleaved rounds (median), %d in flight; %s %s on %s; %d cores, JDK %s%n",
                    ads.size(), rounds, batch, info.engine(), info.model(), info.device(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.printf("%-38s %14s %16s %8s%n", "figure (texts/s)", "batched (" + batch + ")", "batch 1 baseline",
                    "ratio");
            System.out.printf("%-38s %14.1f %16.1f %7.2fx%n", "keywords: ads/s (doc + ~50 candidates)", median(kwB),
                    median(kw1), median(kwB) / median(kw1));
            System.out.printf("%-38s %14.1f %16.1f %7.2fx%n", "document embeddings: texts/s", median(docB), median(doc1),
                    median(docB) / median(doc1));
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    /** Ads per second through the whole extractor with {@code maxBatch} requests per forward pass. */
    static double run(SentenceEmbedder model, List<LabelledAds.Ad> ads, int maxBatch, int inFlight) {
        CandidateExtractor ex = new CandidateExtractor();
        try (BatchingEmbedder b = new BatchingEmbedder(nonClosing(model), maxBatch, Duration.ofMillis(20))) {
            KeywordExtractor extractor = new KeywordExtractor(ex, new InMemoryDocumentFrequencies(), b, null, 50, 0.7);
            KeywordParameters params = new KeywordParameters(10, null, "embedding", 3);
            long t0 = System.nanoTime();
            long n = Flux.fromIterable(ads)
                    .flatMap(ad -> extractor.extract(ad.input(), params, false), inFlight)
                    .count().block();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Document embeddings per second, one text per request. */
    static double docs(SentenceEmbedder model, List<LabelledAds.Ad> ads, int maxBatch, int inFlight) {
        try (BatchingEmbedder b = new BatchingEmbedder(nonClosing(model), maxBatch, Duration.ofMillis(20))) {
            long t0 = System.nanoTime();
            long n = Flux.fromIterable(ads)
                    .map(LabelledAds.Ad::input)
                    .map(KeywordInput::documentText)
                    .flatMap(text -> b.embed(List.of(text)), inFlight)
                    .count().block();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static SentenceEmbedder nonClosing(SentenceEmbedder m) {
        return new SentenceEmbedder() {
            public float[][] embed(List<String> texts) {
                return m.embed(texts);
            }

            public EmbedderInfo info() {
                return m.info();
            }
        };
    }
}
