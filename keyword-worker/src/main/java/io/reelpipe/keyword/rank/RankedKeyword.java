package io.reelpipe.keyword.rank;

import io.reelpipe.keyword.candidates.Candidate;

/**
 * A selected keyphrase.
 *
 * @param relevance   the combined score it was ranked by (0..1)
 * @param similarity  cosine similarity of its embedding to the document's, or NaN without a model
 * @param statistical its TF-IDF score, normalised to the document's best (0..1)
 */
public record RankedKeyword(Candidate candidate, double relevance, double similarity, double statistical) {
}
