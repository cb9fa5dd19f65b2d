package io.reelpipe.catalog;

import io.reelpipe.catalog.document.DocumentLoader;
import io.reelpipe.catalog.embedding.MiniLmQueryEmbedder;
import io.reelpipe.catalog.events.CatalogEventsConsumer;
import io.reelpipe.catalog.index.CatalogIndex;
import io.reelpipe.catalog.index.CatalogWriter;
import io.reelpipe.catalog.rebuild.Rebuilder;
import io.reelpipe.catalog.search.SearchEngine;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** The catalog's parts: the index of this replica, its writer, the consumer, the rebuild, the search engine. */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogConfiguration.class);

    @Bean(destroyMethod = "close")
    public CatalogIndex catalogIndex(CatalogProperties props) {
        return CatalogIndex.open(props.indexDir());
    }

    @Bean(destroyMethod = "close")
    public CatalogWriter catalogWriter(CatalogIndex index, DocumentLoader loader, CatalogProperties props) {
        return new CatalogWriter(index, loader, props.refreshInterval(), props.commitInterval());
    }

    @Bean
    public Rebuilder catalogRebuilder(ObjectStore store, CatalogWriter writer) {
        return new Rebuilder(store, writer);
    }

    @Bean
    public CatalogEventsConsumer catalogEventsConsumer(MessageBus bus, CatalogWriter writer, CatalogProperties props) {
        return new CatalogEventsConsumer(bus, writer, props);
    }

    @Bean
    public SearchEngine searchEngine(CatalogIndex index, CatalogProperties props) {
        return new SearchEngine(index, props.hybridCandidates(), props.rrfK(), props.maxResults(),
                props.minSimilarity());
    }

    /** CORS before the API-key check, so a browser's preflight gets its answer without a key. */
    @Bean
    public org.springframework.web.server.WebFilter catalogCorsFilter(CatalogProperties props) {
        org.springframework.web.cors.CorsConfiguration c = new org.springframework.web.cors.CorsConfiguration();
        c.setAllowedOriginPatterns(props.corsAllowedOrigins());
        c.setAllowedMethods(java.util.List.of("GET", "POST", "OPTIONS"));
        c.setAllowedHeaders(java.util.List.of("Authorization", "X-Api-Key", "X-Reelpipe-Tenant", "Content-Type"));
        c.setMaxAge(3600L);
        return io.reelpipe.pipeline.security.CorsFilters.beforeApiKeys(c);
    }

    @Bean(destroyMethod = "close")
    public MiniLmQueryEmbedder queryEmbedder(CatalogProperties props) {
        return new MiniLmQueryEmbedder(props.modelCacheDir());
    }

    /**
     * A missing or outdated index is rebuilt from storage at start (the model loads meanwhile). The consumer runs
     * beside it: both upsert from storage, so neither undoes the other.
     */
    @Bean
    public ApplicationRunner catalogStartup(CatalogIndex index, Rebuilder rebuilder, CatalogProperties props,
                                            MiniLmQueryEmbedder miniLm) {
        return args -> {
            if (props.semanticEnabled()) {
                Schedulers.boundedElastic().schedule(miniLm::warmUp);
            }
            if (index.needsRebuild() && props.rebuildOnStart()) {
                log.info("event=startup_rebuild path={} reason=index missing or of an older schema", index.path());
                rebuilder.runNow().block(Duration.ofHours(6));
            }
        };
    }
}
