package io.reelpipe.subtitle.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decoded audio in a scratch file: raw signed 16-bit little-endian mono PCM at {@link #sampleRate()} (16 kHz), the
 * format every recogniser here reads. Consumers stream it from disk, so memory stays bounded whatever the length.
 */
public record PcmAudio(Path file, int sampleRate) {

    public static final int RATE = 16_000;

    public long samples() {
        try {
            return Files.size(file) / 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public double durationSeconds() {
        return samples() / (double) sampleRate;
    }

    public InputStream open() throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }
}
