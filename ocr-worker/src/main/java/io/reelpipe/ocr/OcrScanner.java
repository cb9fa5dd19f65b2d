package io.reelpipe.ocr;

import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.ocr.engine.TesseractPool;
import io.reelpipe.ocr.engine.TextLine;
import io.reelpipe.ocr.engine.TwoScales;
import io.reelpipe.ocr.track.TextItem;
import io.reelpipe.ocr.track.TextTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * The blocking work of the ocr stage on a local file: one decode pass that samples a frame every
 * {@code every} seconds, reads the frames that changed on {@code threads} Tesseract engines in parallel, each at its
 * size and at half size ({@link TwoScales}; a frame that looks like the last one read reuses its lines), then follows
 * the lines across frames ({@link TextTracker}).
 */
public final class OcrScanner {

    /** Frames narrower than this are enlarged before reading: Tesseract wants glyphs ~20 px or taller. */
    static final int MIN_WIDTH = 960;

    private final TesseractPool engines;
    private final ExecutorService workers;
    private final int threads;

    public OcrScanner(TesseractPool engines, ExecutorService workers, int threads) {
        this.engines = engines;
        this.workers = workers;
        this.threads = threads;
    }

    /** What one scan found, and what it cost. */
    public record Scan(List<TextItem> items, int width, int height, double duration, int samples, int framesRead,
                       double seconds) {
    }

    private record Sample(double time, CompletableFuture<List<TextLine>> lines) {
    }

    public Scan scan(Path source, OcrParameters p, DoubleConsumer progress, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        double step = p.everySeconds();
        String languages = p.tesseractLanguages();
        List<Sample> samples = new ArrayList<>();
        Semaphore inFlight = new Semaphore(threads * 2);
        int[] size = new int[2];
        int[] read = new int[1];
        double duration;
        try (VideoFrames frames = VideoFrames.open(source)) {
            duration = frames.info().duration() == null ? 0 : frames.info().duration().toMillis() / 1000.0;
            int w = frames.width();
            int width = Math.max(Math.min(w, p.maxWidth()), Math.min(MIN_WIDTH, p.maxWidth())) & ~1;
            double expected = Math.max(1, duration / step);
            FrameChange[] last = new FrameChange[1];
            frames.scan(width, Duration.ofMillis(Math.round(step * 1000)), (t, image) -> {
                if (cancelled.getAsBoolean()) {
                    throw new MediaCancelledException("ocr cancelled");
                }
                size[0] = image.getWidth();
                size[1] = image.getHeight();
                FrameChange change = FrameChange.of(image);
                double time = t.toMillis() / 1000.0;
                if (change.same(last[0]) && !samples.isEmpty()) {
                    samples.add(new Sample(time, samples.getLast().lines()));
                } else {
                    last[0] = change;
                    read[0]++;
                    inFlight.acquireUninterruptibly();
                    samples.add(new Sample(time, CompletableFuture.supplyAsync(
                            () -> engines.with(languages, r -> TwoScales.read(r, image, p.minConfidence())), workers)
                            .whenComplete((x, e) -> inFlight.release())));
                }
                progress.accept(Math.min(0.95, samples.size() / expected));
                return true;
            });
        }
        TextTracker tracker = new TextTracker(step, p.minFrames());
        for (Sample s : samples) {
            tracker.accept(s.time(), join(s.lines()));
        }
        return new Scan(tracker.finish(duration), size[0], size[1], duration, samples.size(), read[0],
                (System.nanoTime() - t0) / 1e9);
    }

    private static List<TextLine> join(CompletableFuture<List<TextLine>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaCancelledException("ocr interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
