package io.reelpipe.keyword.candidates;

import java.util.List;
import java.util.Map;

/**
 * What {@link CandidateExtractor} found in one document.
 *
 * @param candidates  by key, in order of first occurrence
 * @param wordCounts  content-word (non-stop) counts by normalised form, metadata included
 * @param tokenCount  number of tokens in the document
 * @param language    a guess from the scripts seen: {@code en}, {@code ko}, {@code ja}, {@code zh} or {@code und}
 */
public record CandidateSet(Map<String, Candidate> candidates, Map<String, Integer> wordCounts, int tokenCount,
                           String language) {

    public List<Candidate> list() {
        return List.copyOf(candidates.values());
    }

    public boolean isEmpty() {
        return candidates.isEmpty();
    }
}
