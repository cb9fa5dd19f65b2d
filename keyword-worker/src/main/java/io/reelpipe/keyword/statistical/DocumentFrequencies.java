package io.reelpipe.keyword.statistical;

import java.util.Collection;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The corpus the TF-IDF signal is measured against: how many earlier documents (transcript + metadata of one asset)
 * contained each content word.
 */
public interface DocumentFrequencies {

    /** Document count and the frequencies of {@code words}. */
    Mono<CorpusStats> lookup(Collection<String> words);

    /**
     * Records one document's distinct words. Idempotent per {@code documentId} (a redelivered task is not counted
     * twice).
     */
    Mono<Void> record(String documentId, Set<String> words);
}
