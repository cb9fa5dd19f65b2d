package io.reelpipe.bench.catalog;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.bench.Stats;
import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.embedding.MiniLmQueryEmbedder;
import io.reelpipe.catalog.index.CatalogIndex;
import io.reelpipe.catalog.index.CatalogSchema;
import io.reelpipe.catalog.search.SearchEngine;
import io.reelpipe.catalog.search.SearchMode;
import io.reelpipe.catalog.search.SearchRequest;
import io.reelpipe.catalog.search.SearchSort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * (catalog) Indexing and query latency of catalog-service's index ({@link CatalogIndex}: Nori + English fields,
 * facets, stored source, HNSW vectors) and search ({@link SearchEngine}: filters, facets over every match, highlights
 * with times, hybrid fusion) on N synthetic ad documents, beside plain Lucene in the same run: indexing the same
 * texts and vectors into one StandardAnalyzer field + the vector, and running the very same Query objects for the
 * top 10 without facets, highlights or fusion.
 */
public final class CatalogBenchmark implements Benchmark {

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public String description() {
        return "catalog index docs/s and query p50/p95 per mode vs plain Lucene on the same documents and queries";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.of("docs", 100_000, "synthetic asset documents"),
                Param.of("queries", 300, "queries per mode (after 50 warm-up queries)"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int n = ctx.intParam("docs");
        int queries = ctx.intParam("queries");
        SyntheticArchive archive = new SyntheticArchive(21);
        Path work = ctx.cleanDir("catalog");
        List<AssetDocument> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(archive.doc(i % 10 == 0 ? "other" : "bench", i));
        }
        ctx.log("indexing %d documents with catalog-service's mapping", n);
        System.gc();
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        CatalogIndex index = CatalogIndex.open(work.resolve("catalog"));
        for (AssetDocument d : docs) {
            index.upsert(d);
        }
        index.commit();
        index.refresh();
        double catalogRate = n / ((System.nanoTime() - t0) / 1e9);
        System.gc();
        long heapCatalog = usedHeap() - heap0;
        long catalogBytes = index.sizeBytes();

        ctx.log("indexing the same with plain Lucene");
        Path plainDir = work.resolve("plain");
        t0 = System.nanoTime();
        try (var dir = FSDirectory.open(plainDir);
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(64))) {
            for (AssetDocument d : docs) {
                Document doc = new Document();
                doc.add(new StringField(CatalogSchema.TENANT, d.tenant(), Field.Store.NO));
                doc.add(new StringField("id", d.assetId(), Field.Store.YES));
                doc.add(new TextField("text", d.title() + " " + String.join(" ", d.tags()) + " " + d.transcriptText()
                        + " " + String.join(" ", d.keywords().stream().map(AssetDocument.Keyword::keyword).toList()),
                        Field.Store.NO));
                doc.add(new KnnFloatVectorField(CatalogSchema.VECTOR, d.embedding(),
                        VectorSimilarityFunction.DOT_PRODUCT));
                w.addDocument(doc);
            }
            w.commit();
        }
        double plainRate = n / ((System.nanoTime() - t0) / 1e9);
        long plainBytes;
        try (Stream<Path> files = Files.list(plainDir)) {
            plainBytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        docs.clear();

        SearchEngine engine = new SearchEngine(index, 100, 60, 1000, 0.2);
        Report rep = new Report(name(), String.format(Locale.ROOT, "%d synthetic ads (24 topics, ~60 spoken words, "
                + "5 keywords, 384-d vectors; 10%% another tenant), %d queries per mode", n, queries));
        rep.labels("catalog-service", "plain Lucene");
        rep.row(Row.higherBetter("indexing", catalogRate, plainRate, "docs/s"));
        rep.row(Row.lowerBetter("index size on disk", catalogBytes / 1048576.0, plainBytes / 1048576.0, "MiB"));
        rep.row(Row.info("heap held by the open index after GC", heapCatalog / 1048576.0, "MiB", false));
        {
            for (SearchMode mode : SearchMode.values()) {
                List<Double> ours = new ArrayList<>();
                List<Double> base = new ArrayList<>();
                for (int i = -50; i < queries; i++) {
                    int qi = Math.abs(i) + 1;
                    String q = archive.query(qi);
                    float[] v = archive.queryVector(qi);
                    SearchRequest r = new SearchRequest("bench", q, mode, null, null, null, null, null, null, null,
                            null, SearchSort.RELEVANCE, 0, 10);
                    long s0 = System.nanoTime();
                    engine.search(r, v, null);
                    double ms = (System.nanoTime() - s0) / 1e6;
                    // plain Lucene: the same filter and queries, top 10 (hybrid: both top-100 lists)
                    Query filter = new TermQuery(new Term(CatalogSchema.TENANT, "bench"));
                    long p0 = System.nanoTime();
                    Query kw = new BooleanQuery.Builder().add(engine.keywordQuery(q), BooleanClause.Occur.MUST)
                            .add(filter, BooleanClause.Occur.FILTER).build();
                    index.withSearcher(s -> switch (mode) {
                        case KEYWORD -> s.search(kw, 10);
                        case SEMANTIC -> s.search(new KnnFloatVectorQuery(CatalogSchema.VECTOR, v, 10, filter), 10);
                        case HYBRID -> {
                            s.search(kw, 100);
                            yield s.search(new KnnFloatVectorQuery(CatalogSchema.VECTOR, v, 100, filter), 100);
                        }
                    });
                    double pms = (System.nanoTime() - p0) / 1e6;
                    if (i >= 0) {
                        ours.add(ms);
                        base.add(pms);
                    }
                }
                Stats so = Stats.of(ours);
                Stats sb = Stats.of(base);
                rep.row(Row.lowerBetter(mode.wire() + " query p50", so.median(), sb.median(), "ms"));
                rep.row(Row.lowerBetter(mode.wire() + " query p95", so.p(95), sb.p(95), "ms"));
            }
        }
        ctx.log("query embeddings with all-MiniLM-L6-v2 (what semantic and hybrid add per uncached query)");
        try (MiniLmQueryEmbedder embedder = new MiniLmQueryEmbedder(Path.of(System.getProperty("java.io.tmpdir"),
                "reelpipe-models"))) {
            embedder.warmUp();
            List<Double> emb = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long e0 = System.nanoTime();
                embedder.embed(archive.query(i) + " " + i);
                emb.add((System.nanoTime() - e0) / 1e6);
            }
            rep.row(Row.info("query embedding p50 (MiniLM, uncached)", Stats.of(emb.subList(10, 100)).median(), "ms", false));
            rep.row(Row.info("query embedding p95", Stats.of(emb.subList(10, 100)).p(95), "ms", false));
        }
        index.close();
        rep.baseline("plain Lucene 10.4 in the same JVM: one StandardAnalyzer text field + the same 384-d HNSW vectors "
                + "for indexing; the same Query objects (tenant filter, weighted multi-field keyword query, filtered kNN) "
                + "for the top 10 (hybrid: the two top-100 lists) with no facets, highlights, stored-document decoding "
                + "or fusion. Query embedding is measured apart (the catalog caches recent queries).");
        return rep;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
