package io.reelpipe.catalog;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code reelpipe.catalog.*}.
 *
 * @param indexDir          where this instance keeps its Lucene index (a full replica; rebuilt when missing or older
 *                          than the schema)
 * @param instanceId        this replica's name: its consumer group is {@code reelpipe.catalog.<instanceId>}, so every
 *                          instance reads every event (empty: host name)
 * @param consumerEnabled   consume {@code reelpipe.events} (off in tools and some tests)
 * @param refreshInterval   how often new writes become searchable (Lucene near-real-time reopen)
 * @param commitInterval    how often the index is committed to disk; events are acknowledged only after the commit
 *                          that holds their effect, so a crash replays them instead of losing them
 * @param rebuildOnStart    rebuild from object storage when the index is missing or of an older schema
 * @param semanticEnabled   load the MiniLM query embedder (semantic and hybrid modes)
 * @param modelCacheDir     where the bundled ONNX model is extracted once
 * @param defaultMode       mode when the request names none ({@code hybrid} won the evaluation: module README)
 * @param hybridCandidates  how many keyword and vector candidates the hybrid fusion ranks
 * @param rrfK              the rank constant of reciprocal rank fusion ({@code 1/(k + rank)})
 * @param maxResults        deepest result a cursor can reach
 * @param minSimilarity     cosine similarity below which a nearest neighbour does not count as a match (semantic,
 *                          hybrid and similar-ads results), so a query about nothing in the archive finds nothing
 * @param corsAllowedOrigins origins whose browser pages may call the API directly (the console without the edge)
 */
@ConfigurationProperties("reelpipe.catalog")
public record CatalogProperties(
        Path indexDir,
        @DefaultValue("") String instanceId,
        @DefaultValue("true") boolean consumerEnabled,
        @DefaultValue("200ms") Duration refreshInterval,
        @DefaultValue("1s") Duration commitInterval,
        @DefaultValue("true") boolean rebuildOnStart,
        @DefaultValue("true") boolean semanticEnabled,
        Path modelCacheDir,
        @DefaultValue("hybrid") String defaultMode,
        @DefaultValue("100") int hybridCandidates,
        @DefaultValue("60") int rrfK,
        @DefaultValue("1000") int maxResults,
        @DefaultValue("0.2") double minSimilarity,
        @DefaultValue("*") java.util.List<String> corsAllowedOrigins) {

    public CatalogProperties {
        // @DefaultValue does not resolve ${...}: the temp-dir defaults are computed here
        String tmp = System.getProperty("java.io.tmpdir");
        indexDir = indexDir == null ? Path.of(tmp, "reelpipe-catalog", "index") : indexDir;
        modelCacheDir = modelCacheDir == null ? Path.of(tmp, "reelpipe-models") : modelCacheDir;
    }

    /** The Kafka consumer group of this replica. */
    public String group() {
        String id = instanceId == null || instanceId.isBlank() ? host() : instanceId;
        return "reelpipe.catalog." + id.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "local";
        }
    }
}
