package io.reelpipe.thumbnail.storyboard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately strict WebVTT storyboard parser for tests: the {@code WEBVTT} header alone on the first line, a
 * blank line, then cues of exactly {@code HH:MM:SS.mmm --> HH:MM:SS.mmm} and one {@code file#xywh=x,y,w,h}
 * payload line, separated by single blank lines; cues contiguous from 0. Anything else fails with the line number.
 */
final class StrictVtt {

    record Cue(long startMs, long endMs, String file, int x, int y, int w, int h) {
    }

    private static final Pattern TIMING = Pattern.compile(
            "(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})");
    private static final Pattern PAYLOAD = Pattern.compile("([A-Za-z0-9_.-]+\\.jpg)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)");

    private StrictVtt() {
    }

    static List<Cue> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("file does not end with a newline");
        }
        if (text.contains("\r")) {
            throw new AssertionError("CR line endings");
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals("WEBVTT")) {
            throw new AssertionError("line 1 must be WEBVTT, got '" + lines[0] + "'");
        }
        List<Cue> cues = new ArrayList<>();
        int i = 1;
        // lines[length-1] is the empty string after the final newline
        while (i < lines.length - 1) {
            if (!lines[i].isEmpty()) {
                throw new AssertionError("line " + (i + 1) + ": expected a blank line before a cue, got '" + lines[i] + "'");
            }
            i++;
            if (i + 1 > lines.length - 2) {
                throw new AssertionError("line " + (i + 1) + ": blank line at the end of the file");
            }
            Matcher t = TIMING.matcher(lines[i]);
            if (!t.matches()) {
                throw new AssertionError("line " + (i + 1) + ": bad cue timing '" + lines[i] + "'");
            }
            long start = ms(t, 1);
            long end = ms(t, 5);
            i++;
            Matcher p = PAYLOAD.matcher(lines[i]);
            if (!p.matches()) {
                throw new AssertionError("line " + (i + 1) + ": bad payload '" + lines[i] + "'");
            }
            if (start >= end) {
                throw new AssertionError("line " + i + ": cue ends before it starts");
            }
            if (cues.isEmpty() ? start != 0 : start != cues.getLast().endMs()) {
                throw new AssertionError("line " + i + ": cue does not start where the previous one ended");
            }
            cues.add(new Cue(start, end, p.group(1), Integer.parseInt(p.group(2)), Integer.parseInt(p.group(3)),
                    Integer.parseInt(p.group(4)), Integer.parseInt(p.group(5))));
            i++;
        }
        if (cues.isEmpty()) {
            throw new AssertionError("no cues");
        }
        return cues;
    }

    /**
     * Parses {@code vtt} in {@code dir} strictly and checks it against the sprites there: the cues cover exactly
     * {@code [0, durationMs]} and every rectangle lies inside its sprite's real pixel size.
     */
    static List<Cue> check(java.nio.file.Path vtt, long durationMs) throws java.io.IOException {
        List<Cue> cues = parse(java.nio.file.Files.readString(vtt));
        if (Math.abs(cues.getLast().endMs() - durationMs) > 1) {
            throw new AssertionError("cues end at " + cues.getLast().endMs() + " ms, the video at " + durationMs + " ms");
        }
        java.util.Map<String, java.awt.image.BufferedImage> sprites = new java.util.HashMap<>();
        for (Cue c : cues) {
            java.awt.image.BufferedImage img = sprites.computeIfAbsent(c.file(), f -> {
                try {
                    return javax.imageio.ImageIO.read(vtt.resolveSibling(f).toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (img == null) {
                throw new AssertionError(c.file() + " is not a readable image");
            }
            if (c.w() <= 0 || c.h() <= 0 || c.x() + c.w() > img.getWidth() || c.y() + c.h() > img.getHeight()) {
                throw new AssertionError("tile " + c + " lies outside " + c.file() + " (" + img.getWidth() + "x" + img.getHeight() + ")");
            }
        }
        return cues;
    }

    private static long ms(Matcher m, int g) {
        return ((Long.parseLong(m.group(g)) * 60 + Long.parseLong(m.group(g + 1))) * 60 + Long.parseLong(m.group(g + 2))) * 1000
                + Long.parseLong(m.group(g + 3));
    }
}
