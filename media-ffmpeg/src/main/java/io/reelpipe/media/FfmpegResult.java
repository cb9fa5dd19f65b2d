package io.reelpipe.media;

import java.time.Duration;
import java.util.List;

/**
 * A finished, successful ffmpeg run.
 *
 * @param commandLine the full command line, shell-quoted
 * @param elapsed     wall time
 * @param processed   last output time ffmpeg reported
 * @param stderrTail  up to the last 64 lines of stderr (warnings, stream mapping)
 */
public record FfmpegResult(String commandLine, Duration elapsed, Duration processed, List<String> stderrTail) {

    public FfmpegResult {
        stderrTail = List.copyOf(stderrTail);
    }

    /** Processed media time divided by wall time (2.0 = twice real time). */
    public double speed() {
        return elapsed.isZero() ? 0 : processed.toNanos() / (double) elapsed.toNanos();
    }
}
