package io.reelpipe.catalog.embedding;

import java.util.Optional;

/** Turns a query into a vector comparable with the documents' ({@code keyword/embedding.json}). Blocking. */
public interface QueryEmbedder {

    /** Unit-length vector; empty when no model is available (semantic search then degrades to keyword). */
    Optional<float[]> embed(String text);

    /** Why {@link #embed} is empty, for the response's {@code note}; null while the model is fine. */
    String unavailableReason();
}
