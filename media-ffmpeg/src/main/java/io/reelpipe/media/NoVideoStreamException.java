package io.reelpipe.media;

/** The file is readable media but carries no video track (audio only, or only a cover picture). */
public final class NoVideoStreamException extends MediaException {

    public NoVideoStreamException() {
        super("this file has no video track");
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
