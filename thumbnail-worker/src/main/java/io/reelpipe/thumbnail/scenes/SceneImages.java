package io.reelpipe.thumbnail.scenes;

import io.reelpipe.media.JpegWriter;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.thumbnail.poster.FrameQuality;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * One JPEG per scene, {@code scene-{index}.jpg}, taken a little into the shot (half the scene, at most 0.5 s
 * after the cut) so that it does not show a transition frame. Only these frames are decoded (seek).
 */
public final class SceneImages {

    static final float JPEG_QUALITY = 0.85f;
    static final Duration INTO_SCENE = Duration.ofMillis(500);

    /** A written scene image and its manifest attributes. */
    public record SceneImage(Scene scene, String name, Path file, Map<String, Object> attributes) {
    }

    public List<SceneImage> write(VideoFrames frames, List<Scene> scenes, int width, Path dir, DoubleConsumer progress,
            Runnable cancellationCheck) {
        List<SceneImage> out = new ArrayList<>();
        for (Scene s : scenes) {
            cancellationCheck.run();
            Duration into = s.length().dividedBy(2);
            Duration at = s.start().plus(into.compareTo(INTO_SCENE) < 0 ? into : INTO_SCENE);
            BufferedImage img = frames.frameAt(at, width);
            String name = "scene-" + s.index() + ".jpg";
            Path file = JpegWriter.write(img, JPEG_QUALITY, dir.resolve(name));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("index", s.index());
            a.put("time", seconds(s.start()));
            a.put("end", seconds(s.end()));
            a.put("score", Math.round(s.score() * 1000) / 1000.0);
            a.put("frameTime", seconds(at));
            a.put("width", img.getWidth());
            a.put("height", img.getHeight());
            a.put("meanLuma", Math.round(FrameQuality.of(img).meanLuma() * 10) / 10.0);
            out.add(new SceneImage(s, name, file, a));
            progress.accept(out.size() / (double) scenes.size());
        }
        return out;
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
