package io.reelpipe.subtitle.speech;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.DoubleConsumer;

/**
 * Reports how far a recogniser has read (as seconds of 16-bit mono audio) and checks cancellation as it reads: a
 * cancelled stage surfaces as the exception {@code throwIfCancelled} throws, from inside the recogniser's read.
 */
final class ProgressInputStream extends FilterInputStream {

    private final int sampleRate;
    private final DoubleConsumer position;
    private final Runnable throwIfCancelled;
    private long bytes;
    private long reported;

    ProgressInputStream(InputStream in, int sampleRate, DoubleConsumer position, Runnable throwIfCancelled) {
        super(in);
        this.sampleRate = sampleRate;
        this.position = position;
        this.throwIfCancelled = throwIfCancelled;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(int n) {
        bytes += n;
        if (bytes - reported >= sampleRate * 2L / 2) { // every half second of audio
            reported = bytes;
            throwIfCancelled.run();
            position.accept(bytes / 2.0 / sampleRate);
        }
    }
}
