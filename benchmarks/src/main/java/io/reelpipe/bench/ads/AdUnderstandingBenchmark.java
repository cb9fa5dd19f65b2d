package io.reelpipe.bench.ads;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.keyword.KeywordExtractor;
import io.reelpipe.keyword.KeywordInput;
import io.reelpipe.keyword.KeywordParameters;
import io.reelpipe.keyword.KeywordResult;
import io.reelpipe.keyword.OnScreenText;
import io.reelpipe.keyword.Transcript;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.DjlSentenceEmbedder;
import io.reelpipe.keyword.rank.KeyphraseRanker;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * End to end on the pipeline's own outputs: 24 generated ads ({@link AdSet}) go through the ocr stage's scanner and
 * the subtitle stage's processor (bundled Sphinx4) exactly as the workers run them, their {@code ocr.json} and
 * {@code transcript.json} are read back as the keyword stage reads them, and keywords are ranked without and with a
 * title. Reelpipe = on-screen text + confidence-gated speech + metadata (embedding ranking); baselines in the same
 * run = the previous pipeline (all recognised speech, no on-screen text) and the statistical ranking on Reelpipe's
 * inputs. Every fourth ad is held out and reported on its own.
 */
public final class AdUnderstandingBenchmark implements Benchmark {

    @Override
    public String name() {
        return "ads";
    }

    @Override
    public String description() {
        return "ad understanding on 24 generated ads: keyword P@10/R@10 from OCR + gated speech, WER with/without "
                + "confidence gating, OCR accuracy and cost per minute";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.of("ads", 24, "how many of the 24 ads to run (first N)"),
                Param.of("ocrThreads", 2, "Tesseract engines reading frames in parallel"));
    }

    record Variant(String name, boolean title, boolean screen, boolean gated, String method) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("reelpipe", false, true, true, "embedding"),
            new Variant("before", false, false, false, "embedding"),
            new Variant("statistical", false, true, true, "statistical"),
            new Variant("reelpipe", true, true, true, "embedding"),
            new Variant("before", true, false, false, "embedding"),
            new Variant("statistical", true, true, true, "statistical"));

    @Override
    public Report run(BenchContext ctx) throws Exception {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        List<AdSpec> ads = AdSet.all().subList(0, Math.min(ctx.intParam("ads"), AdSet.all().size()));
        Path media = ctx.workDir().resolve("ads-media");
        AdPipeline pipeline = new AdPipeline(ctx.intParam("ocrThreads"));
        AdMaker maker = new AdMaker();
        List<AdPipeline.Outputs> outputs = new ArrayList<>();
        for (AdSpec ad : ads) {
            Path mp4 = maker.make(ad, media);
            AdPipeline.Outputs o = pipeline.run(ad, mp4, ctx.cleanDir("ads-work/" + ad.id()));
            ctx.log("%s ocr=%d items %.1fs speech=%.1fs conf=%s intelligible=%s heard: %s", ad.id(),
                    o.screen().items().size(), o.ocrSeconds(), o.speechSeconds(), o.transcript().confidence(),
                    o.transcript().intelligible(), o.transcript().fullText());
            outputs.add(o);
        }
        pipeline.close();
        Map<Variant, List<List<String>>> keywords = new LinkedHashMap<>();
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "reelpipe", "models");
        // the batcher closes the model it wraps
        try (BatchingEmbedder batching = new BatchingEmbedder(DjlSentenceEmbedder.bundledMiniLm(cache, "auto", 64), 16,
                Duration.ofMillis(5))) {
            for (Variant v : VARIANTS) {
                KeywordExtractor extractor = new KeywordExtractor(new CandidateExtractor(),
                        new InMemoryDocumentFrequencies(), batching, null, 100, 0.7, KeyphraseRanker.Settings.DEFAULTS);
                List<List<String>> perAd = new ArrayList<>();
                for (int i = 0; i < ads.size(); i++) {
                    KeywordResult r = extractor.extract(input(ads.get(i), outputs.get(i), v),
                            new KeywordParameters(10, null, v.method(), 3)).block();
                    perAd.add(r.keywords().stream().map(KeywordResult.Keyword::keyword).toList());
                }
                keywords.put(v, perAd);
            }
        }
        return AdReport.build(name(), ads, outputs, keywords);
    }

    static KeywordInput input(AdSpec ad, AdPipeline.Outputs o, Variant v) {
        Transcript t = o.transcript();
        if (!v.gated()) {
            t = new Transcript(t.schemaVersion(), t.language(), t.source(), t.engine(), t.model(), t.text(), t.words(),
                    t.cues(), t.note());
        }
        OnScreenText screen = v.screen() ? o.screen() : null;
        return new KeywordInput(ad.id() + "-" + v.name() + (v.title() ? "-t" : ""), t, v.title() ? ad.title() : null,
                null, List.of(), screen);
    }

    static Predicate<AdSpec> split(String name) {
        return switch (name) {
            case "held-out" -> AdSpec::heldOut;
            case "dev" -> a -> !a.heldOut();
            default -> a -> true;
        };
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
