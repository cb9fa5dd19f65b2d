package io.reelpipe.keyword;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keyword worker ({@code reelpipe.keyword.*}).
 *
 * @param engine          {@code onnx} (DJL OnnxRuntime), {@code pytorch} (DJL PyTorch, TorchScript model) or {@code none}
 *                        (statistical only); default {@code onnx}
 * @param modelPath       model file: {@code .onnx} for onnx, TorchScript {@code .pt} for pytorch; default null = the
 *                        bundled all-MiniLM-L6-v2 (onnx only; pytorch needs a path)
 * @param tokenizerPath   HuggingFace {@code tokenizer.json} for the model; default null = the bundled MiniLM tokenizer
 * @param tokenTypeIds    feed {@code token_type_ids} to a TorchScript model (ONNX models are asked); default false
 * @param device          {@code auto} (GPU when the engine sees CUDA, else CPU), {@code cpu} or {@code gpu}; default auto
 * @param maxBatch        tasks' requests merged into one forward pass at most; default 16
 * @param maxWait         longest a request waits for others to share its forward pass; default 20ms
 * @param subBatch        texts per model call at most (a request's texts are split); default 64
 * @param maxLength       tokens per text before truncation; default 128
 * @param cacheDir        where the bundled model is extracted; default {@code ~/.cache/reelpipe/models}
 * @param corpus          where TF-IDF document frequencies live: {@code redis} (hash {@code rp:keyword:df}, shared by
 *                        the pool), {@code file} (this instance, persisted to {@code corpusFile}) or {@code memory};
 *                        default redis
 * @param corpusFile      file for {@code corpus: file}; default {@code ~/.cache/reelpipe/keyword-df.tsv}
 * @param candidatePool   candidates (best TF-IDF first) embedded and ranked per document; default 100
 * @param embeddingWeight share of embedding similarity in a keyword's relevance for {@code ranking: linear}; default 0.7
 * @param ranking         {@code hybrid} (reciprocal rank fusion of similarity and TF-IDF, title-weighted document, name
 *                        and containment rules) or {@code linear} (the earlier {@code embeddingWeight} mix); default hybrid
 */
@ConfigurationProperties("reelpipe.keyword")
public record KeywordProperties(String engine, Path modelPath, Path tokenizerPath, Boolean tokenTypeIds, String device,
                                Integer maxBatch, Duration maxWait, Integer subBatch, Integer maxLength, Path cacheDir,
                                String corpus, Path corpusFile, Integer candidatePool, Double embeddingWeight,
                                String ranking) {

    public KeywordProperties {
        engine = engine == null || engine.isBlank() ? "onnx" : engine.trim().toLowerCase(Locale.ROOT);
        tokenTypeIds = tokenTypeIds != null && tokenTypeIds;
        device = device == null || device.isBlank() ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        maxBatch = maxBatch == null ? 16 : maxBatch;
        maxWait = maxWait == null ? Duration.ofMillis(20) : maxWait;
        subBatch = subBatch == null ? 64 : subBatch;
        maxLength = maxLength == null ? 128 : maxLength;
        Path home = Path.of(System.getProperty("user.home"), ".cache", "reelpipe");
        cacheDir = cacheDir == null ? home.resolve("models") : cacheDir;
        corpus = corpus == null || corpus.isBlank() ? "redis" : corpus.trim().toLowerCase(Locale.ROOT);
        corpusFile = corpusFile == null ? home.resolve("keyword-df.tsv") : corpusFile;
        candidatePool = candidatePool == null ? 100 : candidatePool;
        embeddingWeight = embeddingWeight == null ? 0.7 : embeddingWeight;
        ranking = ranking == null || ranking.isBlank() ? "hybrid" : ranking.trim().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("hybrid", "linear").contains(ranking)) {
            throw new IllegalArgumentException("reelpipe.keyword.ranking must be hybrid or linear, got " + ranking);
        }
        if (!java.util.Set.of("onnx", "pytorch", "none").contains(engine)) {
            throw new IllegalArgumentException("reelpipe.keyword.engine must be onnx, pytorch or none, got " + engine);
        }
        if (!java.util.Set.of("auto", "cpu", "gpu").contains(device)) {
            throw new IllegalArgumentException("reelpipe.keyword.device must be auto, cpu or gpu, got " + device);
        }
        if (!java.util.Set.of("redis", "file", "memory").contains(corpus)) {
            throw new IllegalArgumentException("reelpipe.keyword.corpus must be redis, file or memory, got " + corpus);
        }
        if (maxBatch < 1 || subBatch < 1 || maxLength < 8 || candidatePool < 1) {
            throw new IllegalArgumentException("reelpipe.keyword: max-batch, sub-batch, candidate-pool must be >= 1, "
                    + "max-length >= 8");
        }
        if (embeddingWeight < 0 || embeddingWeight > 1) {
            throw new IllegalArgumentException("reelpipe.keyword.embedding-weight must be 0..1, got " + embeddingWeight);
        }
    }

    public static KeywordProperties defaults() {
        return new KeywordProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** DJL's name for {@link #engine()}. */
    public String djlEngine() {
        return engine.equals("pytorch") ? "PyTorch" : "OnnxRuntime";
    }
}
