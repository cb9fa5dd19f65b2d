package io.reelpipe.subtitle.captions;

/**
 * Caption layout and timing rules.
 *
 * @param maxLineChars  characters per line (42: the common broadcast/web guideline)
 * @param maxLines      lines per cue (2)
 * @param minCueSeconds shortest cue when the next cue leaves room (1 s)
 * @param maxCueSeconds longest cue (7 s)
 * @param pauseSeconds  a silence at least this long between two words starts a new cue (0.6 s)
 */
public record CueStyle(int maxLineChars, int maxLines, double minCueSeconds, double maxCueSeconds, double pauseSeconds) {

    public static final CueStyle DEFAULT = new CueStyle(42, 2, 1.0, 7.0, 0.6);

    public CueStyle {
        if (maxLineChars < 10 || maxLineChars > 200) {
            throw new IllegalArgumentException("maxLineChars must be 10..200, got " + maxLineChars);
        }
        if (maxLines < 1 || maxLines > 4) {
            throw new IllegalArgumentException("maxLines must be 1..4, got " + maxLines);
        }
        if (!(minCueSeconds > 0) || !(maxCueSeconds >= minCueSeconds) || maxCueSeconds > 60) {
            throw new IllegalArgumentException("need 0 < minCueSeconds <= maxCueSeconds <= 60, got " + minCueSeconds
                    + " and " + maxCueSeconds);
        }
        if (!(pauseSeconds > 0)) {
            throw new IllegalArgumentException("pauseSeconds must be > 0");
        }
    }
}
