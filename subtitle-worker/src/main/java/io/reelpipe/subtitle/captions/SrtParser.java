package io.reelpipe.subtitle.captions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SubRip text (what the bundled ffmpeg writes for any text subtitle stream), tolerantly: BOM, CRLF, missing
 * or wrong numbers, {@code .} instead of {@code ,}. Markup is removed (HTML-like tags and ASS override blocks), cues
 * without text or with an end not after their start are skipped.
 */
public final class SrtParser {

    private static final Pattern TIMING = Pattern.compile(
            "^\\s*(\\d+):(\\d{1,2}):(\\d{1,2})[,.](\\d{1,3})\\s*-->\\s*(\\d+):(\\d{1,2}):(\\d{1,2})[,.](\\d{1,3}).*$");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>|\\{\\\\[^}]*\\}");

    private SrtParser() {
    }

    public static List<Cue> parse(String srt) {
        String text = srt.startsWith("\uFEFF") ? srt.substring(1) : srt;
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<Cue> cues = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            Matcher m = TIMING.matcher(lines[i]);
            if (!m.matches()) {
                i++;
                continue;
            }
            double start = seconds(m, 1);
            double end = seconds(m, 5);
            i++;
            List<String> body = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) {
                if (TIMING.matcher(lines[i]).matches()) {
                    break;
                }
                String clean = TAGS.matcher(lines[i]).replaceAll("").replace("\\N", " ").strip();
                if (!clean.isEmpty()) {
                    body.add(clean);
                }
                i++;
            }
            // a trailing number line belongs to the next block
            if (!body.isEmpty() && body.getLast().matches("\\d+") && i < lines.length
                    && TIMING.matcher(lines[i]).matches()) {
                body.removeLast();
            }
            if (!body.isEmpty() && end > start) {
                cues.add(new Cue(start, end, body));
            }
        }
        cues.sort((a, b) -> Double.compare(a.start(), b.start()));
        return cues;
    }

    private static double seconds(Matcher m, int g) {
        String frac = m.group(g + 3);
        double f = Integer.parseInt(frac) / Math.pow(10, frac.length());
        return Integer.parseInt(m.group(g)) * 3600.0 + Integer.parseInt(m.group(g + 1)) * 60.0
                + Integer.parseInt(m.group(g + 2)) + f;
    }
}
