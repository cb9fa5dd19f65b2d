package io.reelpipe.ingest.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and SHA-256-hashes the bytes read through it, and stops the read with {@link TooLargeException} once more
 * than {@code limit} bytes went by, so an over-size upload of unknown length is cut off while it streams.
 */
final class HashingInputStream extends FilterInputStream {

    /** Thrown by a read once the limit was passed. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("upload is larger than " + limit + " bytes");
        }
    }

    private final MessageDigest digest;
    private final long limit;
    private long count;
    private boolean exceeded;

    HashingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            digest.update(buf, off, n);
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would be missing from the hash: read them instead.
        byte[] tmp = new byte[(int) Math.min(8192, Math.max(0, n))];
        long done = 0;
        while (done < n) {
            int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void advance(int n) throws TooLargeException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new TooLargeException(limit);
        }
    }

    long count() {
        return count;
    }

    boolean exceeded() {
        return exceeded;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // closing only cancels the request body subscription
        }
    }

    /** Hex SHA-256 of everything read so far (call once, at the end). */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
