package io.reelpipe.thumbnail.scenes;

import java.time.Duration;

/**
 * One shot: {@code [start, end)}. {@code score} is the histogram change at the cut that starts it (0..1; the
 * first scene, which starts with the video, has 0).
 */
public record Scene(int index, Duration start, Duration end, double score) {

    public Duration length() {
        return end.minus(start);
    }
}
