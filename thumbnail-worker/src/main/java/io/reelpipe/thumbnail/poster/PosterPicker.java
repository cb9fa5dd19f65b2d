package io.reelpipe.thumbnail.poster;

import io.reelpipe.media.JpegWriter;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.pipeline.filter.PermanentStageException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the poster frame. {@code auto} scores candidates spread over the video (skipping the first and last
 * moments, where fade-ins and end slates live) at low resolution and keeps the best usable one; a time takes
 * the frame at that time. Only candidate frames are decoded (seek), never the whole video.
 */
public final class PosterPicker {

    static final int CANDIDATES = 9;
    static final int SCORING_WIDTH = 256;
    static final float JPEG_QUALITY = 0.9f;
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d+)?)");
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*s?");

    public PosterChoice pick(VideoFrames frames, String request, Path target, DoubleConsumer progress, Runnable cancellationCheck) {
        Duration duration = frames.info().duration();
        Duration time;
        FrameQuality quality;
        if ("auto".equalsIgnoreCase(request)) {
            Duration best = Duration.ZERO;
            int bestTier = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < CANDIDATES; i++) {
                cancellationCheck.run();
                // 10%..90%: avoids fade-in from black and end cards.
                Duration t = scaled(duration, 0.1 + 0.8 * i / (CANDIDATES - 1));
                BufferedImage small = frames.frameAt(t, SCORING_WIDTH);
                progress.accept(0.8 * (i + 1) / CANDIDATES);
                if (small == null) {
                    continue;
                }
                FrameQuality q = FrameQuality.of(small);
                // A usable frame beats a flat one, a flat one beats black: an all-slate video still gets a
                // picture of its slate rather than of its fade-in.
                int tier = q.usable() ? 2 : q.black() ? 0 : 1;
                if (tier > bestTier || (tier == bestTier && q.score() > bestScore)) {
                    best = t;
                    bestTier = tier;
                    bestScore = q.score();
                }
            }
            time = best;
        } else {
            time = parseTime(request);
            if (time.compareTo(duration) > 0) {
                throw new PermanentStageException("poster time " + request + " is after the end of the video ("
                        + format(duration) + ")");
            }
        }
        cancellationCheck.run();
        BufferedImage full = frames.frameAt(time);
        if (full == null) {
            throw new PermanentStageException("no picture could be decoded at " + format(time) + " for the poster");
        }
        quality = FrameQuality.of(downscale(full));
        JpegWriter.write(full, JPEG_QUALITY, target);
        progress.accept(1.0);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("width", full.getWidth());
        attrs.put("height", full.getHeight());
        attrs.put("time", time.toMillis() / 1000.0);
        attrs.put("mode", "auto".equalsIgnoreCase(request) ? "auto" : "time");
        attrs.put("score", Math.round(quality.score() * 10) / 10.0);
        attrs.put("meanLuma", Math.round(quality.meanLuma() * 10) / 10.0);
        return new PosterChoice(target, attrs);
    }

    static Duration parseTime(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        Matcher c = CLOCK.matcher(v);
        if (c.matches()) {
            long h = c.group(1) == null ? 0 : Long.parseLong(c.group(1));
            long m = Long.parseLong(c.group(2));
            double sec = Double.parseDouble(c.group(3));
            return Duration.ofMillis(Math.round(((h * 60 + m) * 60 + sec) * 1000));
        }
        Matcher sm = SECONDS.matcher(v);
        if (sm.matches()) {
            return Duration.ofMillis(Math.round(Double.parseDouble(sm.group(1)) * 1000));
        }
        throw new PermanentStageException("poster must be 'auto' or a time such as 12.5s or 00:00:12.5, got '" + s + "'");
    }

    private static Duration scaled(Duration d, double f) {
        return Duration.ofMillis(Math.round(d.toMillis() * f));
    }

    private static BufferedImage downscale(BufferedImage img) {
        if (img.getWidth() <= SCORING_WIDTH) {
            return img;
        }
        int h = Math.max(1, img.getHeight() * SCORING_WIDTH / img.getWidth());
        BufferedImage out = new BufferedImage(SCORING_WIDTH, h, BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(img.getScaledInstance(SCORING_WIDTH, h, java.awt.Image.SCALE_FAST), 0, 0, null);
        return out;
    }

    private static String format(Duration d) {
        return String.format(Locale.ROOT, "%02d:%02d:%04.1f", d.toHours(), d.toMinutesPart(), d.toSecondsPart() + d.toMillisPart() / 1000.0);
    }
}
