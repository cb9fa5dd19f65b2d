package io.reelpipe.thumbnail.preview;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.VideoStream;
import io.reelpipe.thumbnail.ThumbnailParameters;
import io.reelpipe.thumbnail.scenes.Scene;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * A short looping animation ({@code preview.webp}, {@code preview.gif} or {@code preview.mp4}) made of a few
 * clips, by the bundled ffmpeg in one run: each clip is an input of its own with a fast input seek
 * ({@code -ss -t -i}), so only those seconds are decoded; the clips are scaled to the display shape (SAR applied,
 * ffmpeg turns rotated input upright), concatenated, and encoded as animated WebP (libwebp_anim), GIF (palettegen +
 * paletteuse, so colours stay clean) or silent H.264.
 *
 * <p>Clips come from the longest scenes when scene detection ran (centred in each, in time order), else from
 * evenly spread moments of the video.
 */
public final class AnimatedPreviewMaker {

    private final Ffmpeg ffmpeg;

    public AnimatedPreviewMaker(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The written preview and its manifest attributes. */
    public record Preview(String name, Path file, String contentType, Map<String, Object> attributes) {
    }

    public Preview make(Path source, VideoStream video, Duration duration, List<Scene> scenes,
            ThumbnailParameters.Preview p, Path dir, DoubleConsumer progress, CancellationCheck cancel) {
        if (cancel.isCancelled()) {
            throw new MediaCancelledException("preview cancelled before it started");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Duration clip = Duration.ofMillis(Math.round(p.seconds() * 1000));
        List<Duration> starts = clipStarts(duration, scenes, p.scenes(), clip);
        Duration clipLength = clip.compareTo(duration) > 0 ? duration : clip;

        int w = Math.max(2, Math.min(p.width(), video.orientedWidth()) & ~1);
        int h = Math.max(2, (int) Math.round(w * video.orientedHeight() / (double) video.orientedWidth()) & ~1);
        String format = p.format();
        String name = "preview." + format;
        Path out = dir.resolve(name);

        List<String> args = new ArrayList<>();
        StringBuilder graph = new StringBuilder();
        for (int i = 0; i < starts.size(); i++) {
            args.addAll(List.of("-ss", seconds(starts.get(i)), "-t", seconds(clipLength), "-i", source.toAbsolutePath().toString()));
            graph.append(String.format(Locale.ROOT,
                    "[%d:v]setpts=PTS-STARTPTS,fps=%d,scale=%d:%d:flags=lanczos,setsar=1[v%d];", i, p.fps(), w, h, i));
        }
        for (int i = 0; i < starts.size(); i++) {
            graph.append("[v").append(i).append(']');
        }
        graph.append("concat=n=").append(starts.size()).append(":v=1:a=0");
        String contentType;
        switch (format) {
            case "gif" -> {
                graph.append(",split[a][b];[a]palettegen=stats_mode=diff:max_colors=128[pal];"
                        + "[b][pal]paletteuse=dither=bayer:bayer_scale=3[out]");
                args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[out]", "-loop", "0", "-f", "gif"));
                contentType = "image/gif";
            }
            case "mp4" -> {
                graph.append(",format=yuv420p[out]");
                args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[out]", "-an", "-c:v", "libx264",
                        "-preset", "veryfast", "-crf", "28", "-movflags", "+faststart", "-f", "mp4"));
                contentType = "video/mp4";
            }
            default -> {
                graph.append(",format=yuv420p[out]");
                args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[out]", "-an", "-c:v", "libwebp_anim",
                        "-quality", "70", "-compression_level", "4", "-loop", "0", "-f", "webp"));
                contentType = "image/webp";
            }
        }
        args.add(out.toAbsolutePath().toString());
        Duration total = clipLength.multipliedBy(starts.size());
        ffmpeg.run(new FfmpegCommand(args, total, true), pr -> progress.accept(pr.fraction()), cancel);
        progress.accept(1.0);

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("format", format);
        a.put("width", w);
        a.put("height", h);
        a.put("fps", p.fps());
        a.put("duration", total.toMillis() / 1000.0);
        a.put("clips", starts.stream().map(d -> d.toMillis() / 1000.0).toList());
        a.put("clipSeconds", clipLength.toMillis() / 1000.0);
        a.put("loop", !"mp4".equals(format));
        return new Preview(name, out, contentType, a);
    }

    /**
     * Clip start times, in order: centred in the {@code count} longest scenes when there are several scenes,
     * else evenly spread at {@code (i+1)/(count+1)} of the video (so neither the first nor the last moment).
     */
    static List<Duration> clipStarts(Duration duration, List<Scene> scenes, int count, Duration clip) {
        List<Duration> starts = new ArrayList<>();
        Duration latest = duration.minus(clip);
        if (latest.isNegative()) {
            return List.of(Duration.ZERO);
        }
        if (scenes != null && scenes.size() > 1) {
            List<Scene> longest = scenes.stream().sorted(Comparator.comparing(Scene::length).reversed())
                    .limit(count).sorted(Comparator.comparing(Scene::start)).toList();
            for (Scene s : longest) {
                Duration slack = s.length().minus(clip);
                Duration t = slack.isNegative() ? s.start() : s.start().plus(slack.dividedBy(2));
                starts.add(t.compareTo(latest) > 0 ? latest : t);
            }
            return starts;
        }
        for (int i = 0; i < count; i++) {
            Duration centre = Duration.ofNanos(Math.round(duration.toNanos() * (i + 1) / (double) (count + 1)));
            Duration t = centre.minus(clip.dividedBy(2));
            t = t.isNegative() ? Duration.ZERO : t.compareTo(latest) > 0 ? latest : t;
            if (starts.isEmpty() || !starts.getLast().equals(t)) {
                starts.add(t);
            }
        }
        return starts;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
