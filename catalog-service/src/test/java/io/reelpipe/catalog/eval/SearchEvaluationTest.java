package io.reelpipe.catalog.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.catalog.CatalogProperties;
import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.embedding.MiniLmQueryEmbedder;
import io.reelpipe.catalog.index.CatalogIndex;
import io.reelpipe.catalog.search.SearchEngine;
import io.reelpipe.catalog.search.SearchMode;
import io.reelpipe.catalog.search.SearchRequest;
import io.reelpipe.catalog.search.SearchResult;
import io.reelpipe.catalog.search.SearchSort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@10, MRR and nDCG@10 of keyword, semantic and hybrid search over the labelled ads (+ generated distractors)
 * with the real MiniLM model, on the dev half and the held-out test half of the 60 queries. The configured default mode
 * must be the best on dev (that is how it was chosen); the table (module README) is printed.
 */
class SearchEvaluationTest {

    record Metrics(double recall10, double mrr, double ndcg10) {
    }

    @Test
    void theDefaultModeIsTheBestOnDevAndTheTableIsReported(@TempDir Path dir) throws Exception {
        List<EvaluationCorpus.Ad> ads = new ArrayList<>(EvaluationCorpus.labelledAds());
        assertThat(ads).hasSizeGreaterThanOrEqualTo(55);
        ads.addAll(EvaluationCorpus.generated(150, 21));
        List<EvaluationCorpus.Query> queries = EvaluationCorpus.queries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(40);
        assertThat(queries.stream().filter(q -> q.q().codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3)))
                .hasSizeGreaterThanOrEqualTo(8);
        try (MiniLmQueryEmbedder embedder = new MiniLmQueryEmbedder(Path.of(System.getProperty("java.io.tmpdir"),
                "reelpipe-models")); CatalogIndex index = CatalogIndex.open(dir.resolve("index"))) {
            for (EvaluationCorpus.Ad ad : ads) {
                AssetDocument d = ad.document("eval");
                index.upsert(d.withEmbedding(embedder.embed(ad.documentText()).orElseThrow(), "all-MiniLM-L6-v2"));
            }
            index.refresh();
            CatalogProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                    new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                    .bindOrCreate("reelpipe.catalog", CatalogProperties.class);
            SearchEngine engine = new SearchEngine(index, defaults.hybridCandidates(), defaults.rrfK(),
                    defaults.maxResults(), defaults.minSimilarity());
            Map<String, Map<SearchMode, Metrics>> table = new java.util.LinkedHashMap<>();
            for (String half : List.of("dev", "test (held out)", "Korean queries (both halves)")) {
                Map<SearchMode, Metrics> row = new EnumMap<>(SearchMode.class);
                for (SearchMode mode : SearchMode.values()) {
                    double recall = 0;
                    double mrr = 0;
                    double ndcg = 0;
                    int n = 0;
                    for (EvaluationCorpus.Query q : queries) {
                        boolean korean = q.q().codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3);
                        if (half.startsWith("Korean") ? !korean : q.test() != half.startsWith("test")) {
                            continue;
                        }
                        SearchRequest r = new SearchRequest("eval", q.q(), mode, null, null, null, null, null, null,
                                null, null, SearchSort.RELEVANCE, 0, 10);
                        SearchResult res = engine.search(r, embedder.embed(q.q()).orElseThrow(), null);
                        List<String> ids = res.hits().stream().map(SearchResult.Hit::assetId).toList();
                        recall += ids.stream().filter(q.relevant()::containsKey).count()
                                / (double) q.relevant().size();
                        for (int i = 0; i < ids.size(); i++) {
                            if (q.relevant().getOrDefault(ids.get(i), 0) == 2) {
                                mrr += 1.0 / (i + 1);
                                break;
                            }
                        }
                        ndcg += ndcg(ids, q.relevant());
                        n++;
                    }
                    row.put(mode, new Metrics(recall / n, mrr / n, ndcg / n));
                }
                table.put(half, row);
            }
            StringBuilder sb = new StringBuilder("\nCATALOG-EVAL (" + ads.size() + " ads, " + queries.size()
                    + " queries)\n| half | mode | recall@10 | MRR | nDCG@10 |\n|---|---|---|---|---|\n");
            table.forEach((half, row) -> row.forEach((mode, m) -> sb.append(String.format(
                    "| %s | %s | %.3f | %.3f | %.3f |%n", half, mode.wire(), m.recall10(), m.mrr(), m.ndcg10()))));
            System.out.println(sb);
            Map<SearchMode, Metrics> dev = table.get("dev");
            SearchMode best = dev.entrySet().stream().max(java.util.Comparator.comparingDouble(
                    e -> e.getValue().recall10() + e.getValue().mrr())).orElseThrow().getKey();
            assertThat(SearchMode.parse(defaults.defaultMode())).as("the default mode must win on dev: %s", sb)
                    .isEqualTo(best);
            // the test half is reported, and the chosen mode must not lose there either
            Map<SearchMode, Metrics> held = table.get("test (held out)");
            for (SearchMode other : SearchMode.values()) {
                assertThat(held.get(best).recall10() + held.get(best).mrr())
                        .as("%s vs %s on the held-out half: %s", best, other, sb)
                        .isGreaterThanOrEqualTo(held.get(other).recall10() + held.get(other).mrr() - 0.05);
            }
        }
    }

    static double ndcg(List<String> ids, Map<String, Integer> rel) {
        double dcg = 0;
        for (int i = 0; i < ids.size(); i++) {
            int g = rel.getOrDefault(ids.get(i), 0);
            dcg += (Math.pow(2, g) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        List<Integer> ideal = rel.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(10, ideal.size()); i++) {
            idcg += (Math.pow(2, ideal.get(i)) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }
}
