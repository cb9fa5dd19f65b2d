package io.reelpipe.subtitle.support;

import io.reelpipe.media.SyntheticVideo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test speech with known timing: each sentence is spoken by espeak-ng ({@code -v en-us -s 150}) into its own WAV and
 * placed at a known offset with silence between, so a sentence's true onset is its offset plus the leading silence
 * espeak put in the WAV (measured: first sample above ~-40 dBFS). espeak-ng must be installed (.ci/run installs it):
 * without it the tests that need speech fail with a message saying so.
 */
public final class SpeechFixture {

    public static final List<String> AD_SCRIPT = List.of(
            "Meet the new Aurora running shoe.",
            "It is light, fast and built for long distances.",
            "Order today and get free shipping.",
            "Aurora. Run further.");

    /** Sentence text, where it starts in the track (true onset) and where its sound ends. */
    public record Sentence(String text, double onset, double end) {
    }

    /** Mono PCM at {@code sampleRate} and the sentences' truth. */
    public record Track(short[] pcm, int sampleRate, List<Sentence> sentences) {
        public double duration() {
            return pcm.length / (double) sampleRate;
        }

        public String text() {
            return String.join(" ", sentences.stream().map(Sentence::text).toList());
        }

        /** The track as an MP4 with a small synthetic picture and AAC audio. */
        public Path video(Path file) {
            return SyntheticVideo.builder().size(160, 90).fps(10).pcm(pcm, sampleRate, 1).build().write(file);
        }
    }

    private SpeechFixture() {
    }

    /**
     * Speaks the sentences, the first {@code lead} seconds in, {@code gap} seconds of silence between them, and
     * {@code tail} seconds of silence at the end. Sentences ending with "." that the TTS splits (e.g. "Aurora. Run
     * further.") still count as one placed unit here: onsets are per unit.
     */
    public static Track compose(List<String> sentences, double lead, double gap, double tail, Path work) {
        List<short[]> clips = new ArrayList<>();
        int rate = 0;
        for (int i = 0; i < sentences.size(); i++) {
            Path wav = work.resolve("espeak-" + i + ".wav");
            espeak(sentences.get(i), wav);
            Wav w = readWav(wav);
            rate = w.sampleRate;
            clips.add(w.samples);
        }
        List<Sentence> truth = new ArrayList<>();
        List<short[]> parts = new ArrayList<>();
        int pos = 0;
        int leadSamples = (int) Math.round(lead * rate);
        parts.add(new short[leadSamples]);
        pos += leadSamples;
        for (int i = 0; i < clips.size(); i++) {
            short[] c = trimTrailingSilence(clips.get(i));
            int first = firstLoud(c);
            truth.add(new Sentence(sentences.get(i), (pos + first) / (double) rate, (pos + c.length) / (double) rate));
            parts.add(c);
            pos += c.length;
            int g = (int) Math.round((i + 1 < clips.size() ? gap : tail) * rate);
            parts.add(new short[g]);
            pos += g;
        }
        short[] all = new short[pos];
        int o = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return new Track(all, rate, truth);
    }

    public static void espeak(String text, Path wav) {
        try {
            Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("espeak-ng failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new AssertionError("espeak-ng is needed to synthesise test speech and is not installed "
                    + "(apt-get install espeak-ng; .ci/run does this): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    record Wav(short[] samples, int sampleRate) {
    }

    static Wav readWav(Path wav) {
        try {
            byte[] b = Files.readAllBytes(wav);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int rate = 22050;
            int channels = 1;
            int pos = 12;
            while (pos + 8 <= b.length) {
                String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
                int size = bb.getInt(pos + 4);
                if (id.equals("fmt ")) {
                    channels = bb.getShort(pos + 10);
                    rate = bb.getInt(pos + 12);
                } else if (id.equals("data")) {
                    int start = pos + 8;
                    int len = (size <= 0 || start + size > b.length) ? b.length - start : size;
                    short[] s = new short[len / 2 / channels];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = bb.getShort(start + i * 2 * channels);
                    }
                    return new Wav(s, rate);
                }
                pos += 8 + size + (size & 1);
            }
            throw new AssertionError("no data chunk in " + wav);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int firstLoud(short[] s) {
        for (int i = 0; i < s.length; i++) {
            if (Math.abs(s[i]) > 300) {
                return i;
            }
        }
        return 0;
    }

    static short[] trimTrailingSilence(short[] s) {
        int end = s.length;
        while (end > 0 && Math.abs(s[end - 1]) <= 300) {
            end--;
        }
        return java.util.Arrays.copyOf(s, end);
    }
}
