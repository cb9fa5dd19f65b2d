package io.reelpipe.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Spoken test audio from espeak-ng (installed by .ci/run), as 16-bit mono PCM. */
record Speech(short[] samples, int sampleRate) {

    long durationMillis() {
        return samples.length * 1000L / sampleRate;
    }

    static Speech espeak(String text, Path dir) throws Exception {
        Path wav = dir.resolve("speech.wav");
        Process p;
        try {
            p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng is needed for the spoken test audio: apt-get install espeak-ng "
                    + "(.ci/run installs it)", e);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("espeak-ng failed: " + new String(p.getInputStream().readAllBytes()));
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.getChannels() != 1) {
                throw new IllegalStateException("unexpected espeak-ng output format " + f);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray())
                    .order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            short[] samples = new short[buf.remaining() / 2];
            buf.asShortBuffer().get(samples);
            return new Speech(samples, (int) f.getSampleRate());
        }
    }
}
