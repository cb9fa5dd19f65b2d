package io.reelpipe.keyword;

import io.reelpipe.keyword.candidates.Candidate;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.candidates.CandidateExtractor.Segment;
import io.reelpipe.keyword.candidates.CandidateSet;
import io.reelpipe.keyword.candidates.TextSource;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.rank.KeyphraseRanker;
import io.reelpipe.keyword.rank.RankedKeyword;
import io.reelpipe.keyword.statistical.CorpusStats;
import io.reelpipe.keyword.statistical.DocumentFrequencies;
import io.reelpipe.keyword.statistical.TfIdfScorer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The whole method for one document: candidates → TF-IDF against the corpus → (embedding model present and wanted)
 * KeyBERT similarity + MMR, else statistical + MMR → sources and time ranges. The document's words are then added to
 * the corpus. No Spring, no storage: the filter, the evaluation test and the benchmark all call this.
 */
public final class KeywordExtractor {

    private final CandidateExtractor candidates;
    private final TfIdfScorer scorer = new TfIdfScorer();
    private final KeyphraseRanker ranker = new KeyphraseRanker();
    private final DocumentFrequencies corpus;
    private final BatchingEmbedder embedder;
    private final String noEmbedderReason;
    private final int candidatePool;
    private final double embeddingWeight;
    private final KeyphraseRanker.Settings hybrid;

    /**
     * @param embedder         null: statistical only
     * @param noEmbedderReason why there is no embedder, for {@code keywords.json}
     * @param candidatePool    candidates (best statistical first) that get embedded and ranked
     * @param embeddingWeight  share of the similarity in the combined relevance
     */
    public KeywordExtractor(CandidateExtractor candidates, DocumentFrequencies corpus, BatchingEmbedder embedder,
                            String noEmbedderReason, int candidatePool, double embeddingWeight) {
        this(candidates, corpus, embedder, noEmbedderReason, candidatePool, embeddingWeight,
                KeyphraseRanker.Settings.DEFAULTS);
    }

    /**
     * @param hybrid settings of the hybrid ranking (rank fusion, title-weighted document); null = the earlier linear
     *               mix {@code embeddingWeight · minmax(cos) + (1 − embeddingWeight) · tfidf}
     */
    public KeywordExtractor(CandidateExtractor candidates, DocumentFrequencies corpus, BatchingEmbedder embedder,
                            String noEmbedderReason, int candidatePool, double embeddingWeight,
                            KeyphraseRanker.Settings hybrid) {
        this.hybrid = hybrid;
        this.candidates = candidates;
        this.corpus = corpus;
        this.embedder = embedder;
        this.noEmbedderReason = noEmbedderReason == null ? "no embedding model configured" : noEmbedderReason;
        this.candidatePool = candidatePool;
        this.embeddingWeight = embeddingWeight;
    }

    public boolean hasEmbedder() {
        return embedder != null;
    }

    /** Extracts keywords and records the document in the corpus. */
    public Mono<KeywordResult> extract(KeywordInput input, KeywordParameters params) {
        return extract(input, params, true);
    }

    /** @param learn whether to add the document to the corpus afterwards */
    public Mono<KeywordResult> extract(KeywordInput input, KeywordParameters params, boolean learn) {
        return Mono.fromCallable(() -> candidates.extract(segments(input), params.maxNgram()))
                .subscribeOn(Schedulers.parallel())
                .flatMap(set -> corpus.lookup(set.wordCounts().keySet()).flatMap(stats -> rank(input, params, set, stats)
                        .flatMap(result -> learn && input.documentId() != null
                                ? corpus.record(input.documentId(), set.wordCounts().keySet()).thenReturn(result)
                                : Mono.just(result))));
    }

    private Mono<KeywordResult> rank(KeywordInput input, KeywordParameters params, CandidateSet set, CorpusStats stats) {
        Map<String, Double> statistical = scorer.score(set, stats);
        boolean wantEmbedding = !params.method().equals("statistical");
        String fallback = wantEmbedding && embedder == null ? noEmbedderReason : null;
        int pool = Math.max(candidatePool, params.top());
        List<Candidate> ranked = ranker.pool(set, statistical, pool);
        if (ranked.isEmpty()) {
            return Mono.just(result(input, params, set, stats, "statistical", fallback, List.of()));
        }
        if (!wantEmbedding || embedder == null) {
            List<RankedKeyword> top = ranker.rankStatistical(ranked, statistical, params.top(), params.lambda(false));
            return Mono.just(result(input, params, set, stats, "statistical", fallback, top));
        }
        boolean withTitle = hybrid != null && hybrid.titleWeight() > 0 && notBlank(input.title());
        int first = withTitle ? 2 : 1;
        List<String> texts = new ArrayList<>(ranked.size() + first);
        texts.add(input.documentText());
        if (withTitle) {
            texts.add(input.title().strip());
        }
        for (Candidate c : ranked) {
            texts.add(c.text());
        }
        return embedder.embed(texts).map(rows -> {
            float[][] cands = new float[ranked.size()][];
            System.arraycopy(rows, first, cands, 0, cands.length);
            List<RankedKeyword> top = hybrid == null
                    ? ranker.rankEmbedding(ranked, statistical, rows[0], cands, params.top(), params.lambda(true),
                            embeddingWeight)
                    : ranker.rankHybrid(ranked, statistical,
                            withTitle ? weighted(rows[0], rows[1], hybrid.titleWeight()) : rows[0], cands, params.top(),
                            params.lambda(true), hybrid, KeyphraseRanker.names(set, stats));
            return result(input, params, set, stats, "embedding", null, top).withDocumentEmbedding(rows[0]);
        });
    }

    /** {@code normalise(doc + w · title)}. */
    static float[] weighted(float[] doc, float[] title, double w) {
        float[] v = new float[doc.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (doc[i] + w * title[i]);
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length && norm > 0; i++) {
            v[i] /= (float) norm;
        }
        return v;
    }

    private KeywordResult result(KeywordInput input, KeywordParameters params, CandidateSet set, CorpusStats stats,
                                 String method, String fallback, List<RankedKeyword> top) {
        TimeAligner aligner = new TimeAligner(input.transcript(), candidates);
        ScreenAligner screen = new ScreenAligner(input.screen(), candidates);
        List<KeywordResult.Keyword> keywords = new ArrayList<>();
        for (RankedKeyword r : SpeechTrust.of(input.transcript()).order(top)) {
            Candidate c = r.candidate();
            Set<String> sources = new LinkedHashSet<>();
            for (TextSource s : c.sources()) {
                sources.add(s.wire());
            }
            List<KeywordResult.TimeRange> ranges = new ArrayList<>();
            if (c.sources().contains(TextSource.SPEECH)) {
                for (TimeAligner.Range range : aligner.ranges(c.tokens(), 50)) {
                    ranges.add(new KeywordResult.TimeRange(round(range.start(), 3), round(range.end(), 3)));
                }
            }
            List<KeywordResult.TimeRange> shown = new ArrayList<>();
            if (c.sources().contains(TextSource.OCR)) {
                for (TimeAligner.Range range : screen.ranges(c.tokens(), 50)) {
                    shown.add(new KeywordResult.TimeRange(round(range.start(), 3), round(range.end(), 3)));
                }
            }
            keywords.add(new KeywordResult.Keyword(c.text(), round(r.relevance(), 4),
                    Double.isNaN(r.similarity()) ? null : round(r.similarity(), 4), round(r.statistical(), 4),
                    List.copyOf(sources), c.totalCount(), ranges, shown.isEmpty() ? null : shown));
        }
        Transcript t = input.transcript();
        String language = t != null && t.language() != null && !t.language().isBlank() ? t.language() : set.language();
        KeywordResult.Inputs inputs = new KeywordResult.Inputs(t != null, t == null ? null : t.source(),
                t == null ? 0 : t.words().size(), notBlank(input.title()), notBlank(input.description()),
                input.tags().size(), set.candidates().size(), input.screen() == null ? null : input.screenTexts().size(),
                SpeechTrust.of(t).describe());
        return new KeywordResult(KeywordResult.SCHEMA_VERSION, input.documentId(), language, method, fallback,
                method.equals("embedding") ? embedder.info() : null, inputs, stats.documents(),
                new KeywordResult.Params(params.top(), params.lambda(method.equals("embedding")), params.method(),
                        params.maxNgram()), keywords);
    }

    private static List<Segment> segments(KeywordInput input) {
        List<Segment> segs = new ArrayList<>();
        if (notBlank(input.title())) {
            segs.add(new Segment(TextSource.TITLE, input.title()));
        }
        for (String tag : input.tags()) {
            segs.add(new Segment(TextSource.TAG, tag));
        }
        if (notBlank(input.description())) {
            segs.add(new Segment(TextSource.DESCRIPTION, input.description()));
        }
        // each on-screen text is its own segment: no phrase runs from one card into the next
        for (String shown : input.screenTexts()) {
            segs.add(new Segment(TextSource.OCR, shown));
        }
        String speech = input.speech();
        if (notBlank(speech)) {
            segs.add(new Segment(TextSource.SPEECH, speech));
        }
        return segs;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
