package io.reelpipe.keyword.embedding;

import java.nio.file.Path;

/** One model per test JVM: loading it is the slow part. */
public final class SharedEmbedder {
    private static DjlSentenceEmbedder instance;

    private SharedEmbedder() {
    }

    public static synchronized DjlSentenceEmbedder get() {
        if (instance == null) {
            Path cache = Path.of(System.getProperty("user.home"), ".cache", "reelpipe", "models");
            instance = DjlSentenceEmbedder.bundledMiniLm(cache, "auto", 64);
        }
        return instance;
    }
}
