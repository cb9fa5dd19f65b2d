package io.reelpipe.keyword;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code with} block of a keyword stage.
 *
 * @param top       keywords to return; default 20 (1..200)
 * @param diversity the MMR λ: weight of relevance against redundancy, 1 = plain relevance order, lower = more
 *                  diverse (0..1); default null = per ranking, {@link #EMBEDDING_DIVERSITY} for the embedding
 *                  method, {@link #STATISTICAL_DIVERSITY} for the statistical one (each tuned on the dev split)
 * @param method    {@code auto} (embedding when the worker has a model, else statistical), {@code embedding}
 *                  (falls back to statistical, noted in {@code keywords.json}, when the worker has none) or
 *                  {@code statistical}; default {@code auto}
 * @param maxNgram  longest candidate phrase in words; default 3 (1..6)
 */
public record KeywordParameters(Integer top, Double diversity, String method, Integer maxNgram) {

    public static final Set<String> METHODS = Set.of("auto", "embedding", "statistical");
    public static final double EMBEDDING_DIVERSITY = 0.8;
    public static final double STATISTICAL_DIVERSITY = 0.6;

    public KeywordParameters {
        top = top == null ? 20 : top;
        method = method == null || method.isBlank() ? "auto" : method.trim().toLowerCase(Locale.ROOT);
        maxNgram = maxNgram == null ? 3 : maxNgram;
        if (top < 1 || top > 200) {
            throw new IllegalArgumentException("top must be 1..200, got " + top);
        }
        if (diversity != null && (diversity < 0 || diversity > 1)) {
            throw new IllegalArgumentException("diversity must be 0..1, got " + diversity);
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be auto, embedding or statistical, got " + method);
        }
        if (maxNgram < 1 || maxNgram > 6) {
            throw new IllegalArgumentException("maxNgram must be 1..6, got " + maxNgram);
        }
    }

    /** The MMR λ for the ranking that runs: the given {@code diversity}, else that ranking's default. */
    public double lambda(boolean embedding) {
        return diversity != null ? diversity : embedding ? EMBEDDING_DIVERSITY : STATISTICAL_DIVERSITY;
    }

    public static KeywordParameters defaults() {
        return new KeywordParameters(null, null, null, null);
    }
}
