package io.reelpipe.media;

/**
 * Receives ffmpeg progress. Called from the runner's reader thread, often (about twice a second); keep it cheap
 * and never block (publish to a sink, throttle writes to Redis yourself). Fractions never go down.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void onProgress(FfmpegProgress progress);
}
