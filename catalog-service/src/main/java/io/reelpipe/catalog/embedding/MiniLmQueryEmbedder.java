package io.reelpipe.catalog.embedding;

import io.reelpipe.keyword.embedding.DjlSentenceEmbedder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 from its Maven package, loaded by keyword-worker's own {@link DjlSentenceEmbedder} (its
 * {@code -embedding} jar): the query is embedded exactly as the keyword stage embedded the documents. Loads once, on
 * first use or {@link #warmUp()}; a failed load leaves semantic search unavailable with the reason. Recent queries are
 * cached (a console types the same query page after page).
 */
public final class MiniLmQueryEmbedder implements QueryEmbedder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MiniLmQueryEmbedder.class);
    private static final int CACHE = 512;

    private final Path cacheDir;
    private volatile DjlSentenceEmbedder model;
    private volatile String failure;
    private final Map<String, float[]> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> e) {
            return size() > CACHE;
        }
    };

    public MiniLmQueryEmbedder(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public void warmUp() {
        load();
    }

    private DjlSentenceEmbedder load() {
        if (model == null && failure == null) {
            synchronized (this) {
                if (model == null && failure == null) {
                    try {
                        model = DjlSentenceEmbedder.bundledMiniLm(cacheDir, "cpu", 8);
                    } catch (RuntimeException | LinkageError e) {
                        failure = "the embedding model could not be loaded: " + e.getMessage();
                        log.error("event=embedder_unavailable error=\"{}\"", e.toString());
                    }
                }
            }
        }
        return model;
    }

    @Override
    public Optional<float[]> embed(String text) {
        String key = text.strip();
        synchronized (recent) {
            float[] hit = recent.get(key);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        DjlSentenceEmbedder m = load();
        if (m == null) {
            return Optional.empty();
        }
        float[] v = m.embed(List.of(key))[0];
        synchronized (recent) {
            recent.put(key, v);
        }
        return Optional.of(v);
    }

    @Override
    public String unavailableReason() {
        return failure;
    }

    @Override
    public void close() {
        DjlSentenceEmbedder m = model;
        if (m != null) {
            m.close();
        }
    }
}
