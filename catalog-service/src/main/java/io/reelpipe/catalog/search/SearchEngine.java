package io.reelpipe.catalog.search;

import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.index.CatalogIndex;
import io.reelpipe.catalog.index.CatalogSchema;
import io.reelpipe.catalog.index.DocumentMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Runs searches on the index (blocking; callers are on bounded-elastic): keyword (BM25 over every text field in both
 * analysers, weighted per {@link CatalogSchema#TEXT_FIELDS}), semantic (HNSW k-nearest neighbours of the query's
 * MiniLM vector), hybrid (reciprocal rank fusion of both lists); tenant and filters as Lucene filter clauses, so
 * another tenant's documents are never candidates; facet counts over every match.
 */
public final class SearchEngine {

    private final CatalogIndex index;
    private final Analyzer analyzer = CatalogSchema.analyzer();
    private final Highlighter highlighter = new Highlighter(analyzer);
    private final FacetCounter facets = new FacetCounter();
    private final int candidates;
    private final int rrfK;
    private final int maxResults;
    private final float minVectorScore;

    /**
     * @param minSimilarity cosine below which a nearest neighbour is not a match (semantic, hybrid, similar)
     */
    public SearchEngine(CatalogIndex index, int candidates, int rrfK, int maxResults, double minSimilarity) {
        this.index = index;
        this.minVectorScore = (float) ((1 + minSimilarity) / 2); // Lucene's dot-product score is (1 + cos) / 2
        this.candidates = candidates;
        this.rrfK = rrfK;
        this.maxResults = maxResults;
    }

    /** The keyword query of {@code q} (null when {@code q} is empty; {@link MatchNoDocsQuery} when only stop words). */
    public Query keywordQuery(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        Map<String, Float> weights = new LinkedHashMap<>();
        CatalogSchema.TEXT_FIELDS.forEach((f, w) -> {
            for (String lang : CatalogSchema.LANGUAGES) {
                weights.put(CatalogSchema.textField(f, lang), w);
            }
        });
        Query parsed = new SimpleQueryParser(analyzer, weights).parse(q);
        return parsed == null ? new MatchNoDocsQuery("only stop words") : parsed;
    }

    /** The tenant and every filter of {@code r}, as one query of FILTER clauses. */
    public static Query filterQuery(SearchRequest r) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(CatalogSchema.TENANT, r.tenant())), BooleanClause.Occur.FILTER);
        exact(b, CatalogSchema.DIM_ORIENTATION, r.orientation());
        exact(b, CatalogSchema.DIM_LANGUAGE, r.language());
        exact(b, CatalogSchema.DIM_CAPTIONS, r.hasCaptions() == null ? null : r.hasCaptions().toString());
        for (String t : r.tags()) {
            exact(b, CatalogSchema.DIM_TAGS, t);
        }
        if (r.minDuration() != null || r.maxDuration() != null) {
            long lo = r.minDuration() == null ? 0 : Math.round(r.minDuration() * 1000);
            long hi = r.maxDuration() == null ? Long.MAX_VALUE : Math.round(r.maxDuration() * 1000) - 1;
            b.add(LongPoint.newRangeQuery(CatalogSchema.DURATION_MS, lo, hi), BooleanClause.Occur.FILTER);
        }
        if (r.from() != null || r.to() != null) {
            long lo = r.from() == null ? Long.MIN_VALUE : r.from().toEpochMilli();
            long hi = r.to() == null ? Long.MAX_VALUE : r.to().toEpochMilli();
            b.add(LongPoint.newRangeQuery(CatalogSchema.CREATED, lo, hi), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private static void exact(BooleanQuery.Builder b, String dim, String value) {
        if (value != null) {
            b.add(new TermQuery(new Term(CatalogSchema.FILTER_PREFIX + dim, value)), BooleanClause.Occur.FILTER);
        }
    }

    /**
     * @param vector the query's embedding; null when semantic search is unavailable (hybrid then runs as keyword,
     *               with {@code note} saying so)
     */
    public SearchResult search(SearchRequest r, float[] vector, String note) {
        long t0 = System.nanoTime();
        return index.withSearcher(s -> {
            Query filter = filterQuery(r);
            Query keyword = keywordQuery(r.q());
            SearchMode mode = r.mode();
            if (mode == SearchMode.HYBRID && (vector == null || keyword == null)) {
                mode = SearchMode.KEYWORD;
            }
            int window = Math.min(maxResults, Math.max(candidates, r.offset() + r.size()));
            Ranked ranked;
            Query matching;
            Map<String, List<SearchResult.FacetCount>> facetCounts = null;
            switch (mode) {
                case SEMANTIC -> {
                    Query knn = new KnnFloatVectorQuery(CatalogSchema.VECTOR, vector, window, filter);
                    ranked = ranked(s, knn, window, r.sort());
                    matching = keysQuery(s, r.tenant(), ranked.docs);
                }
                case HYBRID -> {
                    Query kw = filtered(keyword, filter);
                    Query knn = new KnnFloatVectorQuery(CatalogSchema.VECTOR, vector, window, filter);
                    Ranked near = ranked(s, knn, window, SearchSort.RELEVANCE);
                    ranked = fuse(ranked(s, kw, window, SearchSort.RELEVANCE), near, s, r.sort());
                    matching = new BooleanQuery.Builder().add(kw, BooleanClause.Occur.SHOULD)
                            .add(keysQuery(s, r.tenant(), near.docs), BooleanClause.Occur.SHOULD).build();
                }
                default -> {
                    matching = filtered(keyword == null ? new MatchAllDocsQuery() : keyword, filter);
                    SearchSort sort = keyword == null && r.sort() == SearchSort.RELEVANCE ? SearchSort.NEWEST : r.sort();
                    // one pass: the top of the ranking, the exact count and the facets
                    var fr = org.apache.lucene.facet.FacetsCollectorManager.search(s, matching, Math.max(1, window),
                            luceneSort(sort), true, new org.apache.lucene.facet.FacetsCollectorManager());
                    List<Integer> docs = new ArrayList<>();
                    List<Double> scores = new ArrayList<>();
                    for (ScoreDoc sd : fr.topDocs().scoreDocs) {
                        docs.add(sd.doc);
                        scores.add(Float.isNaN(sd.score) ? 0.0 : sd.score);
                    }
                    long total = 0;
                    for (var md : fr.facetsCollector().getMatchingDocs()) {
                        total += md.totalHits();
                    }
                    ranked = new Ranked(docs, scores, total);
                    facetCounts = facets.count(s, fr.facetsCollector());
                }
            }
            List<SearchResult.Hit> hits = new ArrayList<>();
            for (int i = r.offset(); i < Math.min(ranked.docs.size(), r.offset() + r.size()); i++) {
                AssetDocument d = DocumentMapper.fromStored(s.storedFields().document(ranked.docs.get(i)));
                hits.add(hit(d, ranked.scores.get(i), highlighter.highlight(d, r.q())));
            }
            int next = r.offset() + r.size();
            String cursor = next < Math.min(ranked.docs.size(), maxResults) ? Cursor.encode(next, r.signature()) : null;
            return new SearchResult(r.q(), mode.wire(), ranked.total, hits,
                    facetCounts != null ? facetCounts : facets.count(s, matching), cursor,
                    (System.nanoTime() - t0) / 1_000_000, mode != r.mode() ? note(r, vector, note) : note);
        });
    }

    private static String note(SearchRequest r, float[] vector, String note) {
        if (vector == null) {
            return note != null ? note : "semantic search is unavailable; keyword results only";
        }
        return r.q().isBlank() ? "no query: browsing by filters" : note;
    }

    /** The nearest ads to an asset of {@code tenant} (its embedding; without one, its keywords and title as words). */
    public java.util.Optional<SearchResult> similar(String tenant, String assetId, int size) {
        long t0 = System.nanoTime();
        return index.get(tenant, assetId).map(d -> index.withSearcher(s -> {
            SearchRequest r = new SearchRequest(tenant, "", SearchMode.SEMANTIC, null, null, null, null, null, null,
                    null, null, SearchSort.RELEVANCE, 0, size);
            Query self = new TermQuery(new Term(CatalogSchema.KEY, DocumentMapper.key(tenant, assetId)));
            Query filter = new BooleanQuery.Builder().add(filterQuery(r), BooleanClause.Occur.FILTER)
                    .add(self, BooleanClause.Occur.MUST_NOT).build();
            Query q;
            String mode;
            if (DocumentMapper.hasUsableVector(d)) {
                q = new KnnFloatVectorQuery(CatalogSchema.VECTOR, d.embedding(), size, filter);
                mode = "semantic";
            } else {
                String words = String.join(" ", d.keywords().stream().limit(10).map(AssetDocument.Keyword::keyword)
                        .toList()) + " " + (d.title() == null ? "" : d.title());
                Query kw = keywordQuery(words.replaceAll("[\"+|*()~-]", " "));
                q = filtered(kw == null ? new MatchNoDocsQuery() : kw, filter);
                mode = "keyword";
            }
            Ranked ranked = ranked(s, q, size, SearchSort.RELEVANCE);
            List<SearchResult.Hit> hits = new ArrayList<>();
            for (int i = 0; i < ranked.docs.size(); i++) {
                hits.add(hit(DocumentMapper.fromStored(s.storedFields().document(ranked.docs.get(i))),
                        ranked.scores.get(i), List.of()));
            }
            return new SearchResult(null, mode, hits.size(), hits, Map.of(), null, (System.nanoTime() - t0) / 1_000_000,
                    null);
        }));
    }

    /** Exactly these documents (the neighbours that passed the similarity bar), for facet counts. */
    private static Query keysQuery(IndexSearcher s, String tenant, List<Integer> docs) throws IOException {
        List<org.apache.lucene.util.BytesRef> keys = new ArrayList<>();
        for (int doc : docs) {
            keys.add(new org.apache.lucene.util.BytesRef(DocumentMapper.key(tenant,
                    FacetCounter.sorted(s, CatalogSchema.ASSET, doc))));
        }
        return keys.isEmpty() ? new MatchNoDocsQuery() : new org.apache.lucene.search.TermInSetQuery(CatalogSchema.KEY,
                keys);
    }

    private static Query filtered(Query q, Query filter) {
        return new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST).add(filter, BooleanClause.Occur.FILTER)
                .build();
    }

    private record Ranked(List<Integer> docs, List<Double> scores, long total) {
    }

    private Ranked ranked(IndexSearcher s, Query q, int n, SearchSort sort) throws IOException {
        TopDocs top = s.search(q, Math.max(1, n), luceneSort(sort), true);
        List<Integer> docs = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            if (q instanceof KnnFloatVectorQuery && sd.score < minVectorScore) {
                continue; // not similar enough to count as a match
            }
            docs.add(sd.doc);
            scores.add(Float.isNaN(sd.score) ? 0.0 : sd.score);
        }
        return new Ranked(docs, scores, q instanceof KnnFloatVectorQuery ? docs.size() : top.totalHits.value());
    }

    /** Reciprocal rank fusion: {@code Σ 1/(k + rank)} over the lists a document is in. */
    private Ranked fuse(Ranked a, Ranked b, IndexSearcher s, SearchSort sort) throws IOException {
        Map<Integer, Double> fused = new HashMap<>();
        for (Ranked list : List.of(a, b)) {
            for (int i = 0; i < list.docs.size(); i++) {
                fused.merge(list.docs.get(i), 1.0 / (rrfK + i + 1), Double::sum);
            }
        }
        List<Map.Entry<Integer, Double>> entries = new ArrayList<>(fused.entrySet());
        Map<Integer, String> ids = new HashMap<>();
        for (int doc : fused.keySet()) {
            ids.put(doc, FacetCounter.sorted(s, CatalogSchema.ASSET, doc));
        }
        entries.sort(Map.Entry.<Integer, Double>comparingByValue().reversed()
                .thenComparing(e -> ids.get(e.getKey())));
        List<Integer> docs = new ArrayList<>(entries.stream().map(Map.Entry::getKey).toList());
        List<Double> scores = new ArrayList<>(entries.stream().map(Map.Entry::getValue).toList());
        if (sort != SearchSort.RELEVANCE) {
            Map<Integer, Long> keys = new HashMap<>();
            String field = sort == SearchSort.NEWEST || sort == SearchSort.OLDEST ? CatalogSchema.CREATED
                    : CatalogSchema.DURATION_MS;
            for (int doc : docs) {
                keys.put(doc, FacetCounter.numeric(s, field, doc));
            }
            boolean desc = sort == SearchSort.NEWEST || sort == SearchSort.LONGEST;
            List<Integer> order = new ArrayList<>(docs);
            order.sort((x, y) -> {
                int c = desc ? Long.compare(keys.get(y), keys.get(x)) : Long.compare(keys.get(x), keys.get(y));
                return c != 0 ? c : ids.get(x).compareTo(ids.get(y));
            });
            List<Double> reordered = new ArrayList<>();
            for (int doc : order) {
                reordered.add(fused.get(doc));
            }
            docs = order;
            scores = reordered;
        }
        return new Ranked(docs, scores, docs.size());
    }

    private static final SortField BY_ASSET = new SortField(CatalogSchema.ASSET, SortField.Type.STRING);

    private static Sort luceneSort(SearchSort sort) {
        return switch (sort) {
            case NEWEST -> new Sort(new SortField(CatalogSchema.CREATED, SortField.Type.LONG, true), BY_ASSET);
            case OLDEST -> new Sort(new SortField(CatalogSchema.CREATED, SortField.Type.LONG, false), BY_ASSET);
            case LONGEST -> new Sort(new SortField(CatalogSchema.DURATION_MS, SortField.Type.LONG, true), BY_ASSET);
            case SHORTEST -> new Sort(new SortField(CatalogSchema.DURATION_MS, SortField.Type.LONG, false), BY_ASSET);
            case RELEVANCE -> new Sort(SortField.FIELD_SCORE, BY_ASSET);
        };
    }

    private static SearchResult.Hit hit(AssetDocument d, double score, List<SearchResult.Highlight> highlights) {
        return new SearchResult.Hit(d.assetId(), d.title(), d.filename(), d.description(), d.tags(),
                d.durationSeconds(), d.orientation(), d.width(), d.height(), d.languages(), d.hasCaptions(),
                d.pipeline(), d.createdAt(), d.updatedAt(), Math.round(score * 1e6) / 1e6,
                d.keywords().stream().limit(8).map(AssetDocument.Keyword::keyword).toList(), highlights,
                Map.of("asset", "/v1/assets/" + d.assetId(), "similar", "/v1/search/similar/" + d.assetId()));
    }
}
