package io.reelpipe.subtitle.audio;

/** A stretch of audio with voice activity, in seconds. */
public record SpeechSegment(double start, double end) {
    public double duration() {
        return end - start;
    }
}
