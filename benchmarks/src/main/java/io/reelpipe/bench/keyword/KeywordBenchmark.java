package io.reelpipe.bench.keyword;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.bench.Stats;
import io.reelpipe.keyword.KeywordExtractor;
import io.reelpipe.keyword.KeywordInput;
import io.reelpipe.keyword.KeywordParameters;
import io.reelpipe.keyword.Transcript;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.DjlSentenceEmbedder;
import io.reelpipe.keyword.embedding.EmbedderInfo;
import io.reelpipe.keyword.embedding.SentenceEmbedder;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * (7) Keywords: documents/s through keyword-worker's extractor (candidates, TF-IDF, embedding of document + ~50
 * candidates with all-MiniLM-L6-v2 through DJL, MMR) with the {@link BatchingEmbedder} batching requests of many
 * documents per forward pass vs batch 1 (one document's request per forward pass), interleaved rounds, medians.
 * Absorbed from keyword-worker's {@code KeywordBenchmark}; the ad scripts are a copy of its labelled set.
 */
public final class KeywordBenchmark implements Benchmark {

    record Ad(String id, String title, String text, List<String> gold) {
        KeywordInput input() {
            Transcript t = new Transcript(1, null, "script", "test", "none", text, List.of(), List.of(), null);
            return new KeywordInput(id, t, title, null, List.of());
        }
    }

    @Override
    public String name() {
        return "keywords";
    }

    @Override
    public String description() {
        return "keyword extraction docs/s with batched embeddings vs batch 1 (all-MiniLM-L6-v2 via DJL)";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("rounds", 3, "interleaved rounds (batch 1, batched, ...); medians reported"),
                Param.of("batch", 16, "max texts requests per forward pass when batched; also documents in flight"),
                Param.of("device", "auto", "DJL device: auto, cpu, gpu"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int rounds = ctx.intParam("rounds");
        int batch = ctx.intParam("batch");
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        List<Ad> ads = load();
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "reelpipe", "models");
        ctx.log("loading all-MiniLM-L6-v2 (first use extracts the DJL natives)");
        try (DjlSentenceEmbedder model = DjlSentenceEmbedder.bundledMiniLm(cache, ctx.param("device"), 64)) {
            SentenceEmbedder shared = nonClosing(model);
            run(shared, ads, 1, batch);
            docs(shared, ads, batch, batch);
            List<Double> kw1 = new ArrayList<>();
            List<Double> kwB = new ArrayList<>();
            List<Double> doc1 = new ArrayList<>();
            List<Double> docB = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ctx.log("round %d/%d", r + 1, rounds);
                kw1.add(run(shared, ads, 1, batch));
                kwB.add(run(shared, ads, batch, batch));
                doc1.add(docs(shared, ads, 1, batch));
                docB.add(docs(shared, ads, batch, batch));
            }
            EmbedderInfo info = model.info();
            Report rep = new Report(name(), String.format(Locale.ROOT, "%d ad scripts, %d interleaved rounds (median), %d in "
                    + "flight; %s %s on %s", ads.size(), rounds, batch, info.engine(), info.model(), info.device()));
            rep.labels("batched (" + batch + ")", "batch 1");
            rep.row(Row.higherBetter("keywords: docs/s (doc + ~50 candidates)", Stats.of(kwB).median(), Stats.of(kw1).median(), "docs/s"));
            rep.row(Row.higherBetter("document embeddings: texts/s", Stats.of(docB).median(), Stats.of(doc1).median(), "texts/s"));
            rep.baseline("the same extractor / embedder with BatchingEmbedder maxBatch 1 (one request per forward pass), "
                    + "same documents in flight");
            return rep;
        }
    }

    static List<Ad> load() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<Ad> ads = new ArrayList<>();
        try (var in = KeywordBenchmark.class.getClassLoader().getResourceAsStream("keywords/bench-ads.jsonl")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    ads.add(json.readValue(line, Ad.class));
                }
            }
        }
        return ads;
    }

    static double run(SentenceEmbedder model, List<Ad> ads, int maxBatch, int inFlight) {
        CandidateExtractor ex = new CandidateExtractor();
        try (BatchingEmbedder b = new BatchingEmbedder(model, maxBatch, Duration.ofMillis(20))) {
            KeywordExtractor extractor = new KeywordExtractor(ex, new InMemoryDocumentFrequencies(), b, null, 50, 0.7);
            KeywordParameters params = new KeywordParameters(10, null, "embedding", 3);
            long t0 = System.nanoTime();
            long n = Flux.fromIterable(ads).flatMap(ad -> extractor.extract(ad.input(), params, false), inFlight).count().block();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double docs(SentenceEmbedder model, List<Ad> ads, int maxBatch, int inFlight) {
        try (BatchingEmbedder b = new BatchingEmbedder(model, maxBatch, Duration.ofMillis(20))) {
            long t0 = System.nanoTime();
            long n = Flux.fromIterable(ads).map(Ad::input).map(KeywordInput::documentText)
                    .flatMap(text -> b.embed(List.of(text)), inFlight).count().block();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** The BatchingEmbedder closes its delegate; the model is shared across runs. */
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
