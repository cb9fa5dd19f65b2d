package io.reelpipe.keyword.embedding;

import java.util.List;

/**
 * Turns texts into L2-normalised sentence embeddings. Implementations are blocking and may hold one native model:
 * callers inside the worker go through {@link BatchingEmbedder}, which owns the one thread that calls {@link #embed}.
 */
public interface SentenceEmbedder extends AutoCloseable {

    /** One row per text, each of length {@link EmbedderInfo#dimension()}, unit length (cosine = dot product). */
    float[][] embed(List<String> texts);

    EmbedderInfo info();

    @Override
    default void close() {
    }
}
