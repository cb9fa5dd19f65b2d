package io.reelpipe.media;

/** The caller cancelled the work (cancellation check or thread interrupt); the ffmpeg process was killed. */
public final class MediaCancelledException extends MediaException {

    public MediaCancelledException(String message) {
        super(message);
    }

    @Override
    public boolean permanent() {
        return false;
    }
}
