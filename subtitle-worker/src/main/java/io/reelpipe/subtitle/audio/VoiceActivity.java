package io.reelpipe.subtitle.audio;

import java.util.List;

/**
 * Result of {@link VoiceActivityDetector}: the speech segments, plus the per-frame energy so a caller can split a
 * segment at its quietest point.
 *
 * @param energyDb     frame energy in dBFS, one per {@code frameSeconds}
 * @param thresholdDb  the level above which a frame counted as speech
 */
public record VoiceActivity(List<SpeechSegment> segments, float[] energyDb, double frameSeconds, double thresholdDb,
        double durationSeconds) {

    public VoiceActivity {
        segments = List.copyOf(segments);
    }

    public double speechSeconds() {
        return segments.stream().mapToDouble(SpeechSegment::duration).sum();
    }

    /** The quietest frame time in {@code [from, to]}, or the middle when the range holds no frame. */
    public double quietestBetween(double from, double to) {
        int a = (int) Math.ceil(from / frameSeconds);
        int b = Math.min(energyDb.length - 1, (int) Math.floor(to / frameSeconds));
        if (a > b) {
            return (from + to) / 2;
        }
        int best = a;
        for (int i = a; i <= b; i++) {
            if (energyDb[i] < energyDb[best]) {
                best = i;
            }
        }
        return best * frameSeconds;
    }
}
