package io.reelpipe.keyword.embedding;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence-embedding model run by DJL: ONNX Runtime for the bundled all-MiniLM-L6-v2 (or any BERT-style ONNX export),
 * PyTorch for an operator-provided TorchScript file. The model loads once; {@link #embed} is synchronised (one
 * predictor) and splits large requests into sub-batches of texts of similar length, so padding stays small.
 */
public final class DjlSentenceEmbedder implements SentenceEmbedder {

    private static final Logger log = LoggerFactory.getLogger(DjlSentenceEmbedder.class);

    /**
     * How to load the model.
     *
     * @param engine        {@code OnnxRuntime} or {@code PyTorch} (DJL engine names)
     * @param model         model file ({@code .onnx} or TorchScript {@code .pt})
     * @param tokenizer     HuggingFace {@code tokenizer.json}
     * @param modelName     name for logs and {@code keywords.json}
     * @param device        {@code auto} (GPU when the engine sees one), {@code cpu} or {@code gpu}
     * @param maxLength     tokens per text before truncation
     * @param subBatch      texts per forward pass at most
     * @param tokenTypeIds  feed {@code token_type_ids} (ONNX: decided from the model's inputs; PyTorch: this flag)
     */
    public record Settings(String engine, Path model, Path tokenizer, String modelName, String device, int maxLength,
                           int subBatch, boolean tokenTypeIds) {
    }

    private final ZooModel<String[], float[][]> model;
    private final Predictor<String[], float[][]> predictor;
    private final HuggingFaceTokenizer tokenizer;
    private volatile EmbedderInfo info;
    private final int subBatch;

    private DjlSentenceEmbedder(ZooModel<String[], float[][]> model, HuggingFaceTokenizer tokenizer, EmbedderInfo info,
                                int subBatch) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.tokenizer = tokenizer;
        this.info = info;
        this.subBatch = subBatch;
    }

    /** The bundled all-MiniLM-L6-v2 on ONNX Runtime, extracted to {@code cacheDir}. */
    public static DjlSentenceEmbedder bundledMiniLm(Path cacheDir, String device, int subBatch) {
        BundledMiniLm.ModelFiles files = BundledMiniLm.extract(cacheDir);
        return load(new Settings("OnnxRuntime", files.model(), files.tokenizer(), BundledMiniLm.MODEL_NAME, device, 128,
                subBatch, true));
    }

    public static DjlSentenceEmbedder load(Settings s) {
        long t0 = System.nanoTime();
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (!Files.isRegularFile(s.model())) {
            throw new IllegalArgumentException("model file not found: " + s.model());
        }
        if (!Files.isRegularFile(s.tokenizer())) {
            throw new IllegalArgumentException("tokenizer file not found: " + s.tokenizer());
        }
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(s.tokenizer())
                    .optPadding(true)
                    .optTruncation(true)
                    .optMaxLength(s.maxLength())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + s.tokenizer(), e);
        }
        Engine engine = Engine.getEngine(s.engine());
        String wanted = s.device() == null ? "auto" : s.device().toLowerCase(Locale.ROOT);
        Device device = switch (wanted) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> Device.gpu();
            default -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
        ZooModel<String[], float[][]> model;
        try {
            model = loadModel(s, tokenizer, device, s.tokenTypeIds());
        } catch (RuntimeException e) {
            if (!"auto".equals(wanted) || Device.Type.CPU.equals(device.getDeviceType())) {
                tokenizer.close();
                throw e;
            }
            log.warn("event=embedder-gpu-failed engine={} error={} fallback=cpu", s.engine(), e.toString());
            device = Device.cpu();
            model = loadModel(s, tokenizer, device, s.tokenTypeIds());
        }
        boolean types = s.tokenTypeIds();
        PairList<String, Shape> inputs = model.describeInput();
        if (inputs != null && !inputs.isEmpty()) {
            boolean wantsTypes = inputs.keys().contains("token_type_ids");
            if (wantsTypes != types) {
                model.close();
                model = loadModel(s, tokenizer, device, wantsTypes);
                types = wantsTypes;
            }
        }
        DjlSentenceEmbedder embedder = new DjlSentenceEmbedder(model, tokenizer, null, s.subBatch());
        int dim = embedder.embedRaw(List.of("dimension probe"))[0].length;
        embedder.info = new EmbedderInfo(engine.getEngineName(), s.modelName(), device.toString(), dim);
        log.info("event=embedder-loaded engine={} engineVersion={} model={} device={} dimension={} tokenTypeIds={} "
                        + "gpuCount={} ms={}", engine.getEngineName(), engine.getVersion(), s.modelName(), device, dim,
                types, engine.getGpuCount(), (System.nanoTime() - t0) / 1_000_000);
        return embedder;
    }

    private static ZooModel<String[], float[][]> loadModel(Settings s, HuggingFaceTokenizer tokenizer, Device device,
                                                          boolean types) {
        String file = s.model().getFileName().toString();
        int dot = file.lastIndexOf('.');
        Criteria<String[], float[][]> criteria = Criteria.builder()
                .setTypes(String[].class, float[][].class)
                .optEngine(s.engine())
                .optDevice(device)
                .optModelPath(s.model().toAbsolutePath().getParent())
                .optModelName(dot > 0 ? file.substring(0, dot) : file)
                .optTranslator(new EmbeddingTranslator(tokenizer, types))
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new IllegalStateException("cannot load model " + s.model() + " with " + s.engine() + " on " + device
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        return embedRaw(texts);
    }

    private float[][] embedRaw(List<String> texts) {
        int n = texts.size();
        float[][] out = new float[n][];
        if (n == 0) {
            return out;
        }
        // sort by length so each sub-batch pads little; restore the caller's order afterwards
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i) == null ? 0 : texts.get(i).length()));
        int from = 0;
        while (from < n) {
            // a sub-batch ends at subBatch texts or where texts get much longer than its first (padding to the longest
            // would otherwise make 50 three-word candidates cost as much as the 100-word document beside them)
            int shortest = texts.get(order[from]).length();
            int to = from + 1;
            while (to < n && to - from < subBatch && texts.get(order[to]).length() <= 2 * shortest + 24) {
                to++;
            }
            String[] batch = new String[to - from];
            for (int i = from; i < to; i++) {
                String t = texts.get(order[i]);
                batch[i - from] = t == null || t.isBlank() ? " " : t;
            }
            float[][] res;
            try {
                res = predictor.predict(batch);
            } catch (TranslateException e) {
                throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
            }
            for (int i = from; i < to; i++) {
                out[order[i]] = res[i - from];
            }
            from = to;
        }
        return out;
    }

    @Override
    public EmbedderInfo info() {
        return info;
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    /** For tests and the benchmark: texts' token counts as this embedder sees them. */
    public List<Integer> tokenCounts(List<String> texts) {
        List<Integer> out = new ArrayList<>();
        for (var e : tokenizer.batchEncode(texts)) {
            int c = 0;
            for (long m : e.getAttentionMask()) {
                c += (int) m;
            }
            out.add(c);
        }
        return out;
    }
}
