package io.reelpipe.media;

/**
 * Polled by {@link Ffmpeg#run} about ten times a second; returning true kills ffmpeg and throws
 * {@link MediaCancelledException}. Interrupting the calling thread has the same effect.
 */
@FunctionalInterface
public interface CancellationCheck {

    CancellationCheck NEVER = () -> false;

    boolean isCancelled();
}
