package io.reelpipe.media;

/**
 * Root of every failure this module reports. The message is a human reason that can be shown to an uploader
 * or an editor as it is ("this file has no video track"); FFmpeg's own words are kept in brackets.
 *
 * <p>{@link #permanent()} tells a worker whether retrying the same input can help: a file that is not media,
 * has no video or is truncated will fail the same way every time.
 */
public abstract sealed class MediaException extends RuntimeException
        permits NotAMediaFileException, NoVideoStreamException, CorruptMediaException,
                FfmpegFailedException, MediaCancelledException {

    protected MediaException(String message) {
        super(message);
    }

    protected MediaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the input itself is at fault, so a retry with the same input fails again. */
    public abstract boolean permanent();
}
