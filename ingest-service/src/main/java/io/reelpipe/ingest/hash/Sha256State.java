package io.reelpipe.ingest.hash;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose running state can be exported to bytes and imported again, so the content hash of a
 * resumable upload is computed while its bytes stream in, across PATCH requests and process restarts, without a
 * second pass over the stored object. {@link java.security.MessageDigest} cannot do this portably (its state is
 * private to the JDK provider). Checked against {@code MessageDigest.getInstance("SHA-256")} in the tests.
 *
 * <p>Exported form: {@code version(1) | h0..h7 (32) | byteCount (8) | pending (byteCount % 64)}. Not thread-safe.
 */
public final class Sha256State implements ResumableSha256 {

    private static final byte VERSION = 1;

    private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    private final int[] h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    private final byte[] block = new byte[64];
    private final int[] w = new int[64];
    private long byteCount;

    public Sha256State() {
    }

    /** A state exported by {@link #export()}. */
    public static Sha256State restore(byte[] exported) {
        Sha256State s = new Sha256State();
        if (exported == null || exported.length == 0) {
            return s;
        }
        ByteBuffer b = ByteBuffer.wrap(exported);
        if (b.get() != VERSION || exported.length < 41) {
            throw new IllegalArgumentException("not an exported SHA-256 state");
        }
        for (int i = 0; i < 8; i++) {
            s.h[i] = b.getInt();
        }
        s.byteCount = b.getLong();
        int pending = (int) (s.byteCount & 63);
        if (b.remaining() != pending) {
            throw new IllegalArgumentException("exported SHA-256 state is damaged");
        }
        b.get(s.block, 0, pending);
        return s;
    }

    @Override
    public byte[] export() {
        int pending = (int) (byteCount & 63);
        ByteBuffer b = ByteBuffer.allocate(1 + 32 + 8 + pending);
        b.put(VERSION);
        for (int v : h) {
            b.putInt(v);
        }
        b.putLong(byteCount);
        b.put(block, 0, pending);
        return b.array();
    }

    /** A state from its parts (used by {@link JdkSha256}). */
    static Sha256State of(int[] h, long byteCount, byte[] pending, int pendingLength) {
        Sha256State s = new Sha256State();
        System.arraycopy(h, 0, s.h, 0, 8);
        s.byteCount = byteCount;
        System.arraycopy(pending, 0, s.block, 0, pendingLength);
        return s;
    }

    int[] words() {
        return h.clone();
    }

    byte[] pending() {
        return Arrays.copyOf(block, (int) (byteCount & 63));
    }

    public Sha256State copy() {
        return restore(export());
    }

    /** Bytes hashed so far. */
    @Override
    public long length() {
        return byteCount;
    }

    @Override
    public void update(byte[] in, int off, int len) {
        int pending = (int) (byteCount & 63);
        byteCount += len;
        if (pending > 0) {
            int take = Math.min(64 - pending, len);
            System.arraycopy(in, off, block, pending, take);
            off += take;
            len -= take;
            if (pending + take < 64) {
                return;
            }
            compress(block, 0);
        }
        while (len >= 64) {
            compress(in, off);
            off += 64;
            len -= 64;
        }
        if (len > 0) {
            System.arraycopy(in, off, block, 0, len);
        }
    }

    public void update(byte[] in) {
        update(in, 0, in.length);
    }

    /** The digest of everything so far; this state is left as it was (a copy is finished). */
    public byte[] digest() {
        Sha256State f = copy();
        long bits = f.byteCount * 8;
        int pending = (int) (f.byteCount & 63);
        byte[] pad = new byte[(pending < 56 ? 56 - pending : 120 - pending) + 8];
        pad[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            pad[pad.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        f.update(pad, 0, pad.length);
        ByteBuffer out = ByteBuffer.allocate(32);
        for (int v : f.h) {
            out.putInt(v);
        }
        return out.array();
    }

    @Override
    public String hex() {
        return HexFormat.of().formatHex(digest());
    }

    private void compress(byte[] b, int off) {
        int[] w = this.w;
        for (int i = 0; i < 16; i++) {
            int p = off + 4 * i;
            w[i] = (b[p] << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
        }
        for (int i = 16; i < 64; i++) {
            int x = w[i - 15];
            int y = w[i - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        int a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; i++) {
            int t1 = hh + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[i] + w[i];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & bb) ^ (a & c) ^ (bb & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = bb;
            bb = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += bb;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }

    @Override
    public String toString() {
        return "Sha256State[bytes=" + byteCount + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256State s && Arrays.equals(export(), s.export());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(export());
    }
}
