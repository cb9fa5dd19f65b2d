package io.reelpipe.subtitle.captions;

import java.util.Locale;

/** Timestamp formatting shared by the writers. */
final class CaptionTimes {
    private CaptionTimes() {
    }

    /** {@code HH:MM:SS<sep>mmm} from seconds, rounded to the millisecond. */
    static String format(double seconds, char separator) {
        long ms = Math.max(0, Math.round(seconds * 1000));
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", h, m, s, separator, ms % 1000);
    }
}
