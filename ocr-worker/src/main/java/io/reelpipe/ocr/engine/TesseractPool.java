package io.reelpipe.ocr.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Function;

/**
 * Idle Tesseract engines by language set, kept between stages: loading {@code eng+kor} costs ~0.3 s and ~100 MB,
 * so an engine is made once per thread that needs it and handed back after each frame.
 */
public final class TesseractPool implements AutoCloseable {

    private final Path tessdata;
    private final Map<String, LinkedBlockingDeque<TesseractReader>> idle = new ConcurrentHashMap<>();

    public TesseractPool(Path tessdata) {
        this.tessdata = tessdata;
    }

    public Path tessdata() {
        return tessdata;
    }

    /** Runs {@code work} with an engine for {@code languages} ({@code eng+kor}), made if none is idle. */
    public <T> T with(String languages, Function<TesseractReader, T> work) {
        LinkedBlockingDeque<TesseractReader> q = idle.computeIfAbsent(languages, k -> new LinkedBlockingDeque<>());
        TesseractReader r = q.pollFirst();
        if (r == null) {
            r = new TesseractReader(tessdata, languages);
        }
        try {
            return work.apply(r);
        } finally {
            q.offerFirst(r);
        }
    }

    @Override
    public void close() {
        idle.values().forEach(q -> {
            TesseractReader r;
            while ((r = q.pollFirst()) != null) {
                r.close();
            }
        });
    }
}
