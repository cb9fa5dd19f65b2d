package io.reelpipe.keyword.statistical;

import java.util.Map;

/**
 * Document frequencies of some words in the corpus of earlier documents.
 *
 * @param documents number of documents recorded
 * @param df        documents containing each asked-for word (absent: 0)
 */
public record CorpusStats(long documents, Map<String, Long> df) {
    public CorpusStats {
        df = Map.copyOf(df);
    }

    public static CorpusStats empty() {
        return new CorpusStats(0, Map.of());
    }

    public long df(String word) {
        return df.getOrDefault(word, 0L);
    }

    /** Smoothed inverse document frequency: {@code ln((N + 1) / (df + 1)) + 1}; 1 for every word of an empty corpus. */
    public double idf(String word) {
        return Math.log((documents + 1.0) / (df(word) + 1.0)) + 1.0;
    }
}
