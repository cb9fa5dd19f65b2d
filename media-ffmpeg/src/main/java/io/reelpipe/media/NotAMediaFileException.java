package io.reelpipe.media;

/** The input is not a video or audio file FFmpeg can read (wrong type, empty, unknown container). */
public final class NotAMediaFileException extends MediaException {

    private final String ffmpegMessage;

    public NotAMediaFileException(String message, String ffmpegMessage) {
        super(message);
        this.ffmpegMessage = ffmpegMessage;
    }

    static NotAMediaFileException emptyFile() {
        return new NotAMediaFileException("the file is empty", null);
    }

    static NotAMediaFileException unreadable(String ffmpegMessage) {
        return new NotAMediaFileException(
                "this file is not a video or audio file we can read (ffmpeg said: " + ffmpegMessage + ")", ffmpegMessage);
    }

    /** FFmpeg's own error text, or null where FFmpeg was not asked (an empty file). */
    public String ffmpegMessage() {
        return ffmpegMessage;
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
