package io.reelpipe.catalog.search;

import io.reelpipe.catalog.CatalogProperties;
import io.reelpipe.catalog.embedding.QueryEmbedder;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Embeds the query when the mode needs it, then runs the search; all of it on bounded-elastic (blocking work). */
@Service
public class SearchService {

    private final SearchEngine engine;
    private final QueryEmbedder embedder;
    private final CatalogProperties props;

    public SearchService(SearchEngine engine, QueryEmbedder embedder, CatalogProperties props) {
        this.engine = engine;
        this.embedder = embedder;
        this.props = props;
    }

    public SearchMode defaultMode() {
        return SearchMode.parse(props.defaultMode());
    }

    public Mono<SearchResult> search(SearchRequest r) {
        return Mono.fromCallable(() -> {
            float[] vector = null;
            String note = null;
            if (r.mode() != SearchMode.KEYWORD && !r.q().isBlank()) {
                Optional<float[]> v = props.semanticEnabled() ? embedder.embed(r.q()) : Optional.empty();
                vector = v.orElse(null);
                if (vector == null) {
                    note = props.semanticEnabled() ? embedder.unavailableReason()
                            : "semantic search is off on this instance (reelpipe.catalog.semantic-enabled)";
                    if (r.mode() == SearchMode.SEMANTIC) {
                        throw new SemanticUnavailable(note);
                    }
                }
            }
            return engine.search(r, vector, note);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Optional<SearchResult>> similar(String tenant, String assetId, int size) {
        return Mono.fromCallable(() -> engine.similar(tenant, assetId, size)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Semantic mode asked while no model is loaded: 503 with the reason. */
    public static final class SemanticUnavailable extends RuntimeException {
        SemanticUnavailable(String reason) {
            super(reason == null ? "semantic search is unavailable" : reason, null, false, false);
        }
    }
}
