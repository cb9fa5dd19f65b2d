package io.reelpipe.media;

import java.time.Duration;

/** Formats durations the way FFmpeg users read them: {@code 00:00:03.2}. */
public final class Timecodes {

    private Timecodes() {
    }

    /** {@code HH:MM:SS.d} (tenths), e.g. {@code 00:00:03.2}. */
    public static String format(Duration d) {
        if (d == null) {
            return "an unknown position";
        }
        long tenths = Math.max(0, (d.toMillis() + 50) / 100);
        long s = tenths / 10;
        return String.format("%02d:%02d:%02d.%d", s / 3600, (s / 60) % 60, s % 60, tenths % 10);
    }

    static Duration ofMicros(long micros) {
        return Duration.ofNanos(Math.multiplyExact(micros, 1000L));
    }

    static Duration ofSeconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
