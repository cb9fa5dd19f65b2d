package io.reelpipe.keyword.eval;

import io.reelpipe.keyword.embedding.EmbedderInfo;
import io.reelpipe.keyword.embedding.SentenceEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memoises a model's rows by text, so evaluation runs that embed the same candidates under several settings pay for the
 * model once. Never closes the model it wraps (the shared test model stays open for other tests).
 */
public final class CachingEmbedder implements SentenceEmbedder {
    private final SentenceEmbedder model;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    public CachingEmbedder(SentenceEmbedder model) {
        this.model = model;
    }

    @Override
    public float[][] embed(List<String> texts) {
        List<String> missing = new ArrayList<>();
        for (String t : texts) {
            if (!cache.containsKey(t) && !missing.contains(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            float[][] rows = model.embed(missing);
            for (int i = 0; i < rows.length; i++) {
                cache.put(missing.get(i), rows[i]);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cache.get(texts.get(i));
        }
        return out;
    }

    @Override
    public EmbedderInfo info() {
        return model.info();
    }
}
