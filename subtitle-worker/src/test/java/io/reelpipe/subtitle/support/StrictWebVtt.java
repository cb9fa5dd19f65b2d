package io.reelpipe.subtitle.support;

import io.reelpipe.subtitle.captions.Cue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict WebVTT checker for tests: the W3C file structure (signature, blank-line separated blocks, timing line
 * syntax, no "-->" or blank line in cue text, escaped {@code & <}) plus the caption guidelines this stage promises
 * (start < end, monotonic, no overlap, line length and count, longest cue).
 */
public final class StrictWebVtt {

    private static final Pattern TIMING = Pattern.compile(
            "^(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})( [^\\n]*)?$");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|nbsp|lrm|rlm);");

    private StrictWebVtt() {
    }

    /** Parses and checks; throws AssertionError naming the line at the first fault. */
    public static List<Cue> parse(String vtt, int maxLineChars, int maxLines, double maxCueSeconds) {
        if (vtt.startsWith("\uFEFF")) {
            vtt = vtt.substring(1);
        }
        if (vtt.contains("\r")) {
            fail(0, "CR line ends (this writer promises LF)");
        }
        String[] lines = vtt.split("\n", -1);
        if (!(lines[0].equals("WEBVTT") || lines[0].startsWith("WEBVTT ") || lines[0].startsWith("WEBVTT\t"))) {
            fail(1, "missing WEBVTT signature: '" + lines[0] + "'");
        }
        int i = 1;
        // header lines until a blank line
        while (i < lines.length && !lines[i].isEmpty()) {
            if (lines[i].contains("-->")) {
                fail(i + 1, "cue timing in the header: a blank line must follow the signature block");
            }
            i++;
        }
        List<Cue> cues = new ArrayList<>();
        double prevStart = -1;
        double prevEnd = 0;
        while (i < lines.length) {
            if (lines[i].isEmpty()) {
                i++;
                continue;
            }
            int blockStart = i;
            String first = lines[i];
            if (!first.contains("-->")) {
                if (first.startsWith("NOTE") || first.startsWith("STYLE") || first.startsWith("REGION")) {
                    while (i < lines.length && !lines[i].isEmpty()) {
                        i++;
                    }
                    continue;
                }
                i++; // cue identifier
                if (i >= lines.length || !lines[i].contains("-->")) {
                    fail(i + 1, "identifier '" + first + "' not followed by a timing line");
                }
            }
            Matcher m = TIMING.matcher(lines[i]);
            if (!m.matches()) {
                fail(i + 1, "bad timing line '" + lines[i] + "'");
            }
            double start = t(m, 1);
            double end = t(m, 5);
            if (!(end > start)) {
                fail(i + 1, "end not after start");
            }
            if (start < prevStart) {
                fail(i + 1, "cue starts before the previous one");
            }
            if (start < prevEnd - 1e-9) {
                fail(i + 1, "cue overlaps the previous one (" + start + " < " + prevEnd + ")");
            }
            if (end - start > maxCueSeconds + 1e-9) {
                fail(i + 1, "cue longer than " + maxCueSeconds + " s");
            }
            i++;
            List<String> text = new ArrayList<>();
            while (i < lines.length && !lines[i].isEmpty()) {
                String l = lines[i];
                if (l.contains("-->")) {
                    fail(i + 1, "'-->' in cue text");
                }
                if (l.contains("<")) {
                    fail(i + 1, "unescaped '<' (no markup expected)");
                }
                if (ENTITY.matcher(l).replaceAll("").contains("&")) {
                    fail(i + 1, "unescaped '&'");
                }
                if (l.length() > maxLineChars) {
                    fail(i + 1, "line longer than " + maxLineChars + ": '" + l + "'");
                }
                text.add(l.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
                i++;
            }
            if (text.isEmpty()) {
                fail(blockStart + 1, "cue without text");
            }
            if (text.size() > maxLines) {
                fail(blockStart + 1, "cue with " + text.size() + " lines");
            }
            cues.add(new Cue(start, end, text));
            prevStart = start;
            prevEnd = end;
        }
        return cues;
    }

    private static double t(Matcher m, int g) {
        return Long.parseLong(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60
                + Integer.parseInt(m.group(g + 2)) + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }

    private static void fail(int line, String what) {
        throw new AssertionError("invalid WebVTT at line " + line + ": " + what);
    }
}
