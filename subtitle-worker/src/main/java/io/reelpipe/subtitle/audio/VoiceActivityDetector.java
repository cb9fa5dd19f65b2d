package io.reelpipe.subtitle.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Energy-based voice activity detection on 16-bit mono PCM, streamed in 10 ms frames (memory: one float per frame).
 * The threshold adapts to the recording: 12 dB over the noise floor (10th percentile), at least 40 dB under the
 * loud speech level (95th percentile), never under -55 dBFS. Frames above it are speech; gaps shorter than
 * {@code minGapSeconds} are bridged, blips shorter than {@code minSpeechSeconds} dropped.
 */
public final class VoiceActivityDetector {

    private static final double FRAME = 0.010;
    private final double minGapSeconds;
    private final double minSpeechSeconds;

    public VoiceActivityDetector(double minGapSeconds, double minSpeechSeconds) {
        this.minGapSeconds = minGapSeconds;
        this.minSpeechSeconds = minSpeechSeconds;
    }

    public VoiceActivityDetector() {
        this(0.25, 0.08);
    }

    /** @param position receives the seconds read so far (about every second of audio) */
    public VoiceActivity detect(PcmAudio audio, DoubleConsumer position, Runnable throwIfCancelled) {
        int frameSamples = (int) Math.round(audio.sampleRate() * FRAME);
        long total = audio.samples();
        float[] energy = new float[(int) Math.max(0, total / frameSamples)];
        byte[] buf = new byte[frameSamples * 2];
        try (InputStream in = audio.open()) {
            for (int f = 0; f < energy.length; f++) {
                int read = in.readNBytes(buf, 0, buf.length);
                if (read < buf.length) {
                    energy = Arrays.copyOf(energy, f);
                    break;
                }
                double sum = 0;
                for (int i = 0; i < buf.length; i += 2) {
                    int s = (short) ((buf[i] & 0xff) | (buf[i + 1] << 8));
                    sum += (double) s * s;
                }
                double rms = Math.sqrt(sum / frameSamples) / 32768.0;
                energy[f] = (float) (rms > 0 ? 20 * Math.log10(rms) : -120);
                if (f % 100 == 99) {
                    position.accept((f + 1) * FRAME);
                    throwIfCancelled.run();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double duration = total / (double) audio.sampleRate();
        if (energy.length == 0) {
            return new VoiceActivity(List.of(), energy, FRAME, 0, duration);
        }
        float[] sorted = energy.clone();
        Arrays.sort(sorted);
        double floor = Math.max(-90, sorted[(int) (sorted.length * 0.10)]);
        double loud = sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.95))];
        double threshold = Math.max(-55, Math.max(floor + 12, loud - 40));

        List<SpeechSegment> raw = new ArrayList<>();
        int start = -1;
        for (int f = 0; f < energy.length; f++) {
            boolean speech = energy[f] > threshold;
            if (speech && start < 0) {
                start = f;
            } else if (!speech && start >= 0) {
                raw.add(new SpeechSegment(start * FRAME, f * FRAME));
                start = -1;
            }
        }
        if (start >= 0) {
            raw.add(new SpeechSegment(start * FRAME, energy.length * FRAME));
        }
        List<SpeechSegment> merged = new ArrayList<>();
        for (SpeechSegment s : raw) {
            if (!merged.isEmpty() && s.start() - merged.getLast().end() < minGapSeconds) {
                SpeechSegment last = merged.removeLast();
                merged.add(new SpeechSegment(last.start(), s.end()));
            } else {
                merged.add(s);
            }
        }
        merged.removeIf(s -> s.duration() < minSpeechSeconds);
        return new VoiceActivity(merged, energy, FRAME, threshold, duration);
    }
}
