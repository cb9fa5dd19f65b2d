package io.reelpipe.thumbnail;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.reelpipe.pipeline.filter.PermanentStageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code with} block of a thumbnail stage. Every part has defaults, so {@code with: { poster: auto }} gives a
 * poster and a storyboard (sprites + WebVTT); scene keyframes and the animated preview are opt-in.
 *
 * <pre>{@code
 * with:
 *   poster: auto                     # or a time: 12.5, 12.5s, 00:00:12.5
 *   storyboard: { every: 2s, columns: 10, rows: 10, width: 160 }    # "sprite" is accepted as an alias
 *   scenes: { enabled: true, threshold: 0.35, max: 20, width: 640 }
 *   preview: { enabled: true, format: webp, scenes: 3, seconds: 1, width: 320, fps: 10 }
 * }</pre>
 *
 * Values are checked when the block is bound: a bad one fails the stage at once with a reason naming it.
 *
 * @param poster     {@code auto} (pick a representative frame) or a time: {@code 12.5}, {@code 12.5s}, {@code 00:00:12.5}
 * @param storyboard sprite sheets + {@code storyboard.vtt} (on by default)
 * @param scenes     one JPEG per detected shot (off by default: it decodes every frame, at low resolution)
 * @param preview    a short looping animation made of a few scenes (off by default)
 */
public record ThumbnailParameters(String poster, @JsonAlias("sprite") Storyboard storyboard, Scenes scenes, Preview preview) {

    public ThumbnailParameters {
        poster = poster == null || poster.isBlank() ? "auto" : poster.trim();
        storyboard = storyboard == null ? Storyboard.DEFAULT : storyboard;
        scenes = scenes == null ? Scenes.DEFAULT : scenes;
        preview = preview == null ? Preview.DEFAULT : preview;
    }

    /** Only a poster choice; everything else at its defaults. */
    public ThumbnailParameters(String poster) {
        this(poster, null, null, null);
    }

    public static ThumbnailParameters defaults() {
        return new ThumbnailParameters(null, null, null, null);
    }

    /**
     * Storyboard sprites for scrubbing previews.
     *
     * @param enabled default true
     * @param every   interval between tiles: {@code 2s}, {@code 500ms}, {@code 1.5}, or {@code auto} (default):
     *                1 s up to 2 minutes, else the smallest of 2, 5, 10, 15, 30, 60 s giving at most 900 tiles
     * @param count   instead of {@code every}: this many tiles spread over the whole video (1..5000)
     * @param columns tiles per sprite row, 1..20 (default 10)
     * @param rows    tile rows per sprite sheet, 1..20 (default 10)
     * @param width   tile width in pixels, 32..480 (default 160); the height follows the display aspect ratio
     */
    public record Storyboard(Boolean enabled, String every, Integer count, Integer columns, Integer rows, Integer width) {

        public static final Storyboard DEFAULT = new Storyboard(null, null, null, null, null, null);

        public Storyboard {
            enabled = enabled == null || enabled;
            every = every == null || every.isBlank() ? "auto" : every.trim();
            columns = range("storyboard.columns", columns, 10, 1, 20);
            rows = range("storyboard.rows", rows, 10, 1, 20);
            width = range("storyboard.width", width, 160, 32, 480);
            if (count != null) {
                range("storyboard.count", count, 0, 1, 5000);
                if (!"auto".equalsIgnoreCase(every)) {
                    throw new PermanentStageException("storyboard takes either every or count, not both");
                }
            }
            if (!"auto".equalsIgnoreCase(every)) {
                Duration d = parseDuration("storyboard.every", every);
                if (d.toMillis() < 100 || d.compareTo(Duration.ofHours(1)) > 0) {
                    throw new PermanentStageException("storyboard.every must be between 100ms and 1h, got '" + every + "'");
                }
            }
        }

        /** {@code every} as a duration, or null for {@code auto}. */
        public Duration interval() {
            return "auto".equalsIgnoreCase(every) ? null : parseDuration("storyboard.every", every);
        }
    }

    /**
     * Shot detection: one keyframe image per scene.
     *
     * @param enabled   default false
     * @param threshold colour-histogram change (0..1) between consecutive frames that counts as a cut,
     *                  0.05..1 (default 0.35)
     * @param max       most scenes kept (the strongest cuts win), 1..200 (default 20)
     * @param width     scene image width in pixels, 64..1920 (default 640; never larger than the video)
     */
    public record Scenes(Boolean enabled, Double threshold, Integer max, Integer width) {

        public static final Scenes DEFAULT = new Scenes(null, null, null, null);

        public Scenes {
            enabled = enabled != null && enabled;
            threshold = threshold == null ? 0.35 : threshold;
            if (threshold < 0.05 || threshold > 1.0 || threshold.isNaN()) {
                throw new PermanentStageException("scenes.threshold must be between 0.05 and 1, got " + threshold);
            }
            max = range("scenes.max", max, 20, 1, 200);
            width = range("scenes.width", width, 640, 64, 1920);
        }
    }

    /**
     * A short looping animation of a few scenes (or evenly spread moments when scene detection is off).
     *
     * @param enabled default false
     * @param format  {@code webp} (default, animated WebP), {@code gif} or {@code mp4} (silent H.264)
     * @param scenes  number of clips, 1..10 (default 3)
     * @param seconds length of each clip, 0.2..5 s (default 1); the whole preview is at most 10 s
     * @param width   pixels, 64..640 (default 320)
     * @param fps     frames per second, 1..30 (default 10)
     */
    public record Preview(Boolean enabled, String format, Integer scenes, Double seconds, Integer width, Integer fps) {

        public static final Preview DEFAULT = new Preview(null, null, null, null, null, null);

        public Preview {
            enabled = enabled != null && enabled;
            format = format == null || format.isBlank() ? "webp" : format.trim().toLowerCase(Locale.ROOT);
            if (!format.equals("webp") && !format.equals("gif") && !format.equals("mp4")) {
                throw new PermanentStageException("preview.format must be webp, gif or mp4, got '" + format + "'");
            }
            scenes = range("preview.scenes", scenes, 3, 1, 10);
            seconds = seconds == null ? 1.0 : seconds;
            if (seconds.isNaN() || seconds < 0.2 || seconds > 5) {
                throw new PermanentStageException("preview.seconds must be between 0.2 and 5, got " + seconds);
            }
            if (scenes * seconds > 10.0001) {
                throw new PermanentStageException("preview.scenes × preview.seconds must be at most 10 s, got "
                        + scenes + " × " + seconds);
            }
            width = range("preview.width", width, 320, 64, 640);
            fps = range("preview.fps", fps, 10, 1, 30);
        }
    }

    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d+)?)");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h)?");

    /** {@code 2s}, {@code 500ms}, {@code 1.5} (seconds), {@code 2m}, {@code 1h}, {@code 00:01:30}. */
    public static Duration parseDuration(String parameter, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher c = CLOCK.matcher(v);
        if (c.matches()) {
            long h = c.group(1) == null ? 0 : Long.parseLong(c.group(1));
            long m = Long.parseLong(c.group(2));
            double sec = Double.parseDouble(c.group(3));
            return Duration.ofMillis(Math.round(((h * 60 + m) * 60 + sec) * 1000));
        }
        Matcher a = AMOUNT.matcher(v);
        if (a.matches()) {
            double n = Double.parseDouble(a.group(1));
            String unit = a.group(2) == null ? "s" : a.group(2);
            double ms = switch (unit) {
                case "ms" -> n;
                case "m", "min" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 1000;
            };
            return Duration.ofMillis(Math.round(ms));
        }
        throw new PermanentStageException(parameter + " must be a duration such as 2s, 500ms or 00:00:02, got '" + value + "'");
    }

    private static int range(String name, Integer value, int dflt, int min, int max) {
        int v = value == null ? dflt : value;
        if (v < min || v > max) {
            throw new PermanentStageException(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
