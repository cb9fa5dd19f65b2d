package io.reelpipe.subtitle.captions;

import java.util.List;

/**
 * One caption cue.
 *
 * @param start seconds from the start of the media
 * @param end   seconds, greater than {@code start}
 * @param lines the cue's lines as displayed (already broken), at least one
 */
public record Cue(double start, double end, List<String> lines) {
    public Cue {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a cue needs at least one line");
        }
        if (!(end > start) || start < 0) {
            throw new IllegalArgumentException("cue times must satisfy 0 <= start < end, got " + start + " → " + end);
        }
    }

    /** The lines joined with a space: the cue as running text. */
    public String text() {
        return String.join(" ", lines);
    }

    public double duration() {
        return end - start;
    }
}
