package io.reelpipe.thumbnail.storyboard;

import io.reelpipe.media.VideoFrames;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the storyboard: sprite sheets of small tiles plus {@code storyboard.vtt}.
 *
 * <p>Fast path ({@link #build}): one pass that decodes <em>only keyframes</em>, already scaled to tile size by
 * swscale ({@link VideoFrames#scanKeyframes}); each tile takes the first keyframe inside its span. That is one
 * decoded picture per GOP instead of every frame at full size, which is what makes it several times faster than
 * {@code ffmpeg -vf fps=…,scale=…,tile=…}. Tiles whose span holds no keyframe (GOPs longer than the interval) are
 * then filled exactly: by seeking to each when that is cheaper (few of them), else by one low-resolution pass over
 * every frame. When scene detection runs anyway, the filter feeds its every-frame pass to
 * {@link StoryboardTiles#offerFrame} instead, and no keyframe pass is needed ({@link #write}).
 */
public final class StoryboardBuilder {

    private static final Logger log = LoggerFactory.getLogger(StoryboardBuilder.class);
    public static final float JPEG_QUALITY = 0.8f;
    private static final int CHECK_EVERY_FRAMES = 16;

    /** How the pictures were found, for the manifest and logs. */
    public enum Mode {
        /** every tile from the keyframe-only pass */
        KEYFRAMES,
        /** keyframes, plus seeks for tiles without one */
        KEYFRAMES_AND_SEEKS,
        /** keyframes, plus one every-frame pass for the rest */
        KEYFRAMES_AND_SCAN,
        /** the every-frame pass shared with scene detection */
        SHARED_SCAN
    }

    /** The written storyboard. */
    public record Result(StoryboardPlan plan, List<SpriteSheet> sheets, Path vtt, Mode mode, int keyframes, long millis) {
    }

    /** Fast path, see the class comment. */
    public Result build(VideoFrames frames, StoryboardPlan plan, Path dir, DoubleConsumer progress, Runnable cancellationCheck) {
        long t0 = System.nanoTime();
        StoryboardTiles tiles = new StoryboardTiles(plan, dir, JPEG_QUALITY);
        double duration = plan.durationMicros();
        int[] seen = {0};
        cancellationCheck.run();
        frames.scanKeyframes(plan.tileWidth(), (t, img) -> {
            long us = t.toNanos() / 1000;
            if (++seen[0] % 4 == 0) {
                cancellationCheck.run();
            }
            tiles.offerKeyframe(us, img);
            progress.accept(Math.min(0.8, 0.8 * us / duration));
            return true;
        });
        List<Integer> missing = tiles.missing();
        Mode mode = Mode.KEYFRAMES;
        if (!missing.isEmpty()) {
            // a seek decodes from the keyframe before the target: about half a GOP of frames each; one more pass
            // decodes everything once. Pick the cheaper.
            double gopMicros = duration / Math.max(1, seen[0]);
            boolean seek = missing.size() * gopMicros / 2 < duration;
            log.debug("storyboard tiles without keyframe={} of {} gop_ms={} fill={}", missing.size(), plan.tiles(),
                    Math.round(gopMicros / 1000), seek ? "seek" : "scan");
            if (seek) {
                mode = Mode.KEYFRAMES_AND_SEEKS;
                int done = 0;
                for (int tile : missing) {
                    cancellationCheck.run();
                    BufferedImage img = frames.frameAt(Duration.ofNanos(plan.startMicros(tile) * 1000), plan.tileWidth());
                    tiles.put(tile, img, false);
                    progress.accept(0.8 + 0.15 * ++done / missing.size());
                }
            } else {
                mode = Mode.KEYFRAMES_AND_SCAN;
                int[] n = {0};
                frames.scan(plan.tileWidth(), Duration.ZERO, (t, img) -> {
                    long us = t.toNanos() / 1000;
                    if (++n[0] % CHECK_EVERY_FRAMES == 0) {
                        cancellationCheck.run();
                    }
                    tiles.offerFrame(us, img);
                    progress.accept(0.8 + 0.15 * Math.min(1, us / duration));
                    return true;
                });
                tiles.finishFrames();
            }
        }
        cancellationCheck.run();
        Result r = write(tiles, dir, mode, seen[0], t0);
        progress.accept(1.0);
        return r;
    }

    /** Writes the sheets and the VTT of tiles filled by someone else's pass. */
    public Result write(StoryboardTiles tiles, Path dir, Mode mode, int keyframes, long startedNanos) {
        StoryboardPlan plan = tiles.plan();
        List<SpriteSheet> sheets = tiles.write();
        Path vtt = dir.resolve("storyboard.vtt");
        try {
            Files.writeString(vtt, StoryboardVtt.render(plan), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + vtt, e);
        }
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        log.info("event=storyboard mode={} tiles={} sheets={} tile={}x{} interval_ms={} keyframes={} took_ms={}", mode,
                plan.tiles(), sheets.size(), plan.tileWidth(), plan.tileHeight(), Math.round(plan.intervalMicros() / 1000),
                keyframes, ms);
        return new Result(plan, sheets, vtt, mode, keyframes, ms);
    }
}
