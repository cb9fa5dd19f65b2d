package io.reelpipe.keyword;

import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.BundledMiniLm;
import io.reelpipe.keyword.embedding.DjlSentenceEmbedder;
import io.reelpipe.keyword.embedding.SentenceEmbedder;
import io.reelpipe.keyword.statistical.DocumentFrequencies;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import io.reelpipe.keyword.statistical.RedisDocumentFrequencies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the model (loaded once per worker, logged with its device), the batcher in front of it, the corpus store and
 * the extractor. A model that fails to load is logged as an error and the worker runs statistical only, recording the
 * reason in every {@code keywords.json}: keywords keep flowing while an operator fixes the model.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeywordProperties.class)
public class KeywordConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeywordConfiguration.class);

    /** The loaded embedder, or why there is none. */
    public record EmbedderHolder(BatchingEmbedder embedder, String reason) implements AutoCloseable {
        @Override
        public void close() {
            if (embedder != null) {
                embedder.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    public EmbedderHolder keywordEmbedder(KeywordProperties props) {
        if (props.engine().equals("none")) {
            log.info("event=keyword-model engine=none method=statistical");
            return new EmbedderHolder(null, "reelpipe.keyword.engine is none");
        }
        try {
            SentenceEmbedder model = loadModel(props);
            log.info("event=keyword-model engine={} model={} device={} maxBatch={} maxWait={}", model.info().engine(),
                    model.info().model(), model.info().device(), props.maxBatch(), props.maxWait());
            return new EmbedderHolder(new BatchingEmbedder(model, props.maxBatch(), props.maxWait()), null);
        } catch (RuntimeException | LinkageError e) {
            log.error("event=keyword-model-failed engine={} modelPath={} error={} method=statistical", props.engine(),
                    props.modelPath(), e.toString(), e);
            return new EmbedderHolder(null, "embedding model failed to load: " + e.getMessage());
        }
    }

    static SentenceEmbedder loadModel(KeywordProperties props) {
        if (props.modelPath() == null) {
            if (!props.engine().equals("onnx")) {
                throw new IllegalArgumentException("reelpipe.keyword.model-path is required for engine " + props.engine());
            }
            BundledMiniLm.ModelFiles files = BundledMiniLm.extract(props.cacheDir());
            return DjlSentenceEmbedder.load(new DjlSentenceEmbedder.Settings("OnnxRuntime", files.model(),
                    files.tokenizer(), BundledMiniLm.MODEL_NAME, props.device(), props.maxLength(), props.subBatch(), true));
        }
        var tokenizer = props.tokenizerPath() != null ? props.tokenizerPath()
                : BundledMiniLm.extract(props.cacheDir()).tokenizer();
        return DjlSentenceEmbedder.load(new DjlSentenceEmbedder.Settings(props.djlEngine(), props.modelPath(), tokenizer,
                props.modelPath().getFileName().toString(), props.device(), props.maxLength(), props.subBatch(),
                props.tokenTypeIds()));
    }

    @Bean(destroyMethod = "")
    public DocumentFrequencies keywordCorpus(KeywordProperties props,
                                             ObjectProvider<StatefulRedisConnection<String, String>> redis) {
        return switch (props.corpus()) {
            case "memory" -> new InMemoryDocumentFrequencies();
            case "file" -> new InMemoryDocumentFrequencies(props.corpusFile(), 1);
            default -> new RedisDocumentFrequencies(redis.getObject().reactive());
        };
    }

    @Bean
    public KeywordExtractor keywordExtractor(KeywordProperties props, DocumentFrequencies corpus, EmbedderHolder holder) {
        return new KeywordExtractor(new CandidateExtractor(), corpus, holder.embedder(), holder.reason(),
                props.candidatePool(), props.embeddingWeight(),
                props.ranking().equals("linear") ? null : io.reelpipe.keyword.rank.KeyphraseRanker.Settings.DEFAULTS);
    }
}
