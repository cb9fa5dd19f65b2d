package io.reelpipe.media;

import java.time.Duration;

/** The file is recognisable media but damaged or truncated: it cannot be decoded to its end. */
public final class CorruptMediaException extends MediaException {

    private final Duration position;
    private final String ffmpegMessage;

    public CorruptMediaException(String message, Duration position, String ffmpegMessage) {
        super(message);
        this.position = position;
        this.ffmpegMessage = ffmpegMessage;
    }

    static CorruptMediaException at(Duration position, String detail) {
        return new CorruptMediaException(
                "the video is damaged or truncated at " + Timecodes.format(position) + " (" + detail + ")", position, detail);
    }

    /** Where decoding stopped working, or null when it could not be told (index missing). */
    public Duration position() {
        return position;
    }

    public String ffmpegMessage() {
        return ffmpegMessage;
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
