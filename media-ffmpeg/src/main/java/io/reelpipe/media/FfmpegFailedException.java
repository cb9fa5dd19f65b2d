package io.reelpipe.media;

import java.util.List;

/**
 * An ffmpeg process (or a JavaCV encode/decode call) failed. The message carries the last meaningful lines of
 * FFmpeg's stderr; {@link #stderrTail()} and {@link #commandLine()} keep the rest for logs.
 */
public final class FfmpegFailedException extends MediaException {

    private final int exitCode;
    private final String commandLine;
    private final List<String> stderrTail;

    public FfmpegFailedException(String message, int exitCode, String commandLine, List<String> stderrTail) {
        super(message);
        this.exitCode = exitCode;
        this.commandLine = commandLine;
        this.stderrTail = List.copyOf(stderrTail);
    }

    public FfmpegFailedException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = -1;
        this.commandLine = null;
        this.stderrTail = List.of();
    }

    /** Process exit status; -1 where no process ran (in-process JavaCV failure). */
    public int exitCode() {
        return exitCode;
    }

    /** The full command line, shell-quoted; null for in-process failures. */
    public String commandLine() {
        return commandLine;
    }

    /** Up to the last 64 lines FFmpeg wrote to stderr. */
    public List<String> stderrTail() {
        return stderrTail;
    }

    /** A failing process may be an input problem or a resource problem: callers decide; reported as not permanent. */
    @Override
    public boolean permanent() {
        return false;
    }
}
