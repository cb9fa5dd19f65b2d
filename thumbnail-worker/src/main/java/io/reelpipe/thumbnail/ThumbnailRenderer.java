package io.reelpipe.thumbnail;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.media.VideoStream;
import io.reelpipe.thumbnail.poster.PosterChoice;
import io.reelpipe.thumbnail.poster.PosterPicker;
import io.reelpipe.thumbnail.preview.AnimatedPreviewMaker;
import io.reelpipe.thumbnail.scenes.Scene;
import io.reelpipe.thumbnail.scenes.SceneDetector;
import io.reelpipe.thumbnail.scenes.SceneImages;
import io.reelpipe.thumbnail.storyboard.SpriteSheet;
import io.reelpipe.thumbnail.storyboard.StoryboardBuilder;
import io.reelpipe.thumbnail.storyboard.StoryboardPlan;
import io.reelpipe.thumbnail.storyboard.StoryboardTiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking work of the thumbnail stage, on local files: poster, storyboard, scenes, preview, in that order,
 * with one {@link VideoFrames} decoder. Writes into {@code dir} and returns what to upload; knows nothing of
 * object storage. When scene detection is on, storyboard and scenes share a single low-resolution pass over every
 * frame; otherwise the storyboard takes the keyframe-only fast path.
 */
public final class ThumbnailRenderer {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailRenderer.class);
    /** Scene detection without a storyboard decodes at this width. */
    static final int SCENE_SCAN_WIDTH = 96;

    private final PosterPicker posters = new PosterPicker();
    private final StoryboardBuilder storyboards = new StoryboardBuilder();
    private final SceneImages sceneImages = new SceneImages();
    private final AnimatedPreviewMaker previews;

    public ThumbnailRenderer(Ffmpeg ffmpeg) {
        this.previews = new AnimatedPreviewMaker(ffmpeg);
    }

    /** One file to upload under the stage's folder. */
    public record Rendered(String name, Path file, String contentType, Map<String, Object> attributes) {
    }

    /** The files, in upload order, and the details for the manifest. */
    public record Rendition(List<Rendered> files, Map<String, Object> details) {
    }

    /**
     * @param cancelled        polled between steps and inside long passes
     * @param throwIfCancelled throws the stage's cancellation exception when cancelled
     */
    public Rendition render(Path source, ThumbnailParameters p, Path dir, DoubleConsumer progressSink,
            BooleanSupplier cancelled, Runnable throwIfCancelled) {
        long t0 = System.nanoTime();
        List<Rendered> files = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Object> timings = new LinkedHashMap<>();
        boolean scenesOn = p.scenes().enabled();
        boolean storyboardOn = p.storyboard().enabled();
        boolean previewOn = p.preview().enabled();
        Progress progress = new Progress(progressSink, 1, storyboardOn || scenesOn ? (scenesOn ? 4 : 3) : 0,
                scenesOn ? 1 : 0, previewOn ? 1.5 : 0);
        throwIfCancelled.run();
        try (VideoFrames frames = VideoFrames.open(source)) {
            MediaInfo info = frames.info();
            VideoStream video = info.requireVideo();
            Duration duration = info.duration();

            long t = System.nanoTime();
            PosterChoice poster = posters.pick(frames, p.poster(), dir.resolve("poster.jpg"), progress.step(0), throwIfCancelled);
            files.add(new Rendered("poster.jpg", poster.file(), "image/jpeg", poster.attributes()));
            details.put("poster", poster.attributes());
            timings.put("posterMs", ms(t));
            throwIfCancelled.run();

            boolean longEnough = duration.toMillis() >= 100;
            StoryboardPlan plan = storyboardOn && longEnough
                    ? StoryboardPlan.of(p.storyboard(), duration, frames.width(), frames.height()) : null;
            if (storyboardOn && plan == null) {
                details.put("storyboard", "skipped: the video is shorter than 100 ms or its length is unknown");
            }
            List<Scene> scenes = null;
            StoryboardBuilder.Result storyboard = null;
            t = System.nanoTime();
            if (scenesOn) {
                long scan0 = System.nanoTime();
                StoryboardTiles tiles = plan != null ? new StoryboardTiles(plan, dir, StoryboardBuilder.JPEG_QUALITY) : null;
                SceneDetector detector = new SceneDetector(p.scenes().threshold(), p.scenes().max());
                DoubleConsumer step = progress.step(1);
                double total = Math.max(1, duration.toNanos() / 1000.0);
                int[] n = {0};
                frames.scan(plan != null ? plan.tileWidth() : SCENE_SCAN_WIDTH, Duration.ZERO, (time, img) -> {
                    if (++n[0] % 16 == 0) {
                        throwIfCancelled.run();
                    }
                    long us = time.toNanos() / 1000;
                    detector.accept(time, img);
                    if (tiles != null) {
                        tiles.offerFrame(us, img);
                    }
                    step.accept(us / total);
                    return true;
                });
                throwIfCancelled.run();
                if (tiles != null) {
                    tiles.finishFrames();
                    storyboard = storyboards.write(tiles, dir, StoryboardBuilder.Mode.SHARED_SCAN, 0, scan0);
                }
                scenes = detector.scenes(duration);
                timings.put("scanMs", ms(t));
                log.info("event=scenes frames={} scenes={}", detector.frames(), scenes.size());
                t = System.nanoTime();
                List<SceneImages.SceneImage> images = sceneImages.write(frames, scenes, p.scenes().width(), dir,
                        progress.step(2), throwIfCancelled);
                timings.put("sceneImagesMs", ms(t));
                List<Map<String, Object>> list = new ArrayList<>();
                for (SceneImages.SceneImage img : images) {
                    files.add(new Rendered(img.name(), img.file(), "image/jpeg", img.attributes()));
                    list.add(Map.of("time", img.attributes().get("time"), "score", img.attributes().get("score"),
                            "name", img.name()));
                }
                details.put("scenes", list);
            } else if (plan != null) {
                storyboard = storyboards.build(frames, plan, dir, progress.step(1), throwIfCancelled);
                timings.put("storyboardMs", ms(t));
            }
            if (storyboard != null) {
                addStoryboard(storyboard, files, details);
            }
            throwIfCancelled.run();

            if (previewOn) {
                t = System.nanoTime();
                AnimatedPreviewMaker.Preview preview = previews.make(source, video, duration, scenes, p.preview(), dir,
                        progress.step(3), cancelled::getAsBoolean);
                files.add(new Rendered(preview.name(), preview.file(), preview.contentType(), preview.attributes()));
                details.put("preview", preview.attributes());
                timings.put("previewMs", ms(t));
            }
        } catch (MediaCancelledException e) {
            throwIfCancelled.run(); // the stage's own cancellation exception when that was the cause
            throw e;
        }
        timings.put("totalMs", ms(t0));
        details.put("timings", timings);
        return new Rendition(files, details);
    }

    private static void addStoryboard(StoryboardBuilder.Result sb, List<Rendered> files, Map<String, Object> details) {
        StoryboardPlan plan = sb.plan();
        Map<String, Object> vtt = new LinkedHashMap<>();
        vtt.put("interval", Math.round(plan.intervalMicros() / 1000.0) / 1000.0);
        vtt.put("tiles", plan.tiles());
        vtt.put("sprites", sb.sheets().size());
        vtt.put("columns", plan.columns());
        vtt.put("rows", plan.rows());
        vtt.put("tileWidth", plan.tileWidth());
        vtt.put("tileHeight", plan.tileHeight());
        vtt.put("duration", Math.round(plan.durationMicros() / 1000.0) / 1000.0);
        vtt.put("mode", sb.mode().name().toLowerCase(java.util.Locale.ROOT));
        files.add(new Rendered("storyboard.vtt", sb.vtt(), "text/vtt", vtt));
        for (SpriteSheet s : sb.sheets()) {
            files.add(new Rendered(s.name(), s.file(), "image/jpeg", s.attributes()));
        }
        Map<String, Object> d = new LinkedHashMap<>(vtt);
        d.put("keyframesDecoded", sb.keyframes());
        d.put("millis", sb.millis());
        details.put("storyboard", d);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
