package io.reelpipe.ingest.hash;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.HexFormat;
import org.slf4j.LoggerFactory;

/**
 * The JDK's own SHA-256 ({@code sun.security.provider.SHA2.SHA256}, whose compression HotSpot replaces by the CPU's
 * SHA instructions: several times faster than pure Java) with its state read and written through the fields the
 * provider keeps ({@code state}, {@code buffer}, {@code bufOfs}, {@code bytesProcessed}). Needs
 * {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED}; without it {@link #AVAILABLE} is false and
 * {@link Sha256State} is used. Checked against {@link Sha256State} in the tests (same export format).
 */
final class JdkSha256 implements ResumableSha256 {

    static final boolean AVAILABLE;

    static {
        MethodHandle ctor = null;
        MethodHandle update = null;
        MethodHandle digest = null;
        MethodHandle clone = null;
        VarHandle state = null;
        VarHandle buffer = null;
        VarHandle bufOfs = null;
        VarHandle bytes = null;
        boolean ok = false;
        try {
            Class<?> base = Class.forName("sun.security.provider.DigestBase");
            Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
            Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
            MethodHandles.Lookup lb = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
            MethodHandles.Lookup l2 = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup());
            MethodHandles.Lookup l256 = MethodHandles.privateLookupIn(sha256, MethodHandles.lookup());
            ctor = l256.findConstructor(sha256, MethodType.methodType(void.class)).asType(
                    MethodType.methodType(Object.class));
            update = lb.findVirtual(base, "engineUpdate", MethodType.methodType(void.class, byte[].class, int.class,
                    int.class)).asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class,
                    int.class));
            digest = lb.findVirtual(base, "engineDigest", MethodType.methodType(byte[].class))
                    .asType(MethodType.methodType(byte[].class, Object.class));
            clone = lb.findVirtual(base, "clone", MethodType.methodType(Object.class))
                    .asType(MethodType.methodType(Object.class, Object.class));
            state = l2.findVarHandle(sha2, "state", int[].class);
            buffer = lb.findVarHandle(base, "buffer", byte[].class);
            bufOfs = lb.findVarHandle(base, "bufOfs", int.class);
            bytes = lb.findVarHandle(base, "bytesProcessed", long.class);
            // self-check against the pure-Java implementation across an export/restore (field layouts move
            // between JDK releases: anything unexpected falls back to pure Java)
            byte[] probe = new byte[200];
            for (int i = 0; i < probe.length; i++) {
                probe[i] = (byte) (i * 31);
            }
            NEWH = ctor;
            UPDATEH = update;
            DIGESTH = digest;
            CLONEH = clone;
            STATEH = state;
            BUFFERH = buffer;
            BUF_OFSH = bufOfs;
            BYTESH = bytes;
            JdkSha256 j = new JdkSha256(ctor.invoke());
            j.update(probe, 0, 77);
            JdkSha256 r = restoreWith(j.export());
            r.update(probe, 77, 123);
            Sha256State pure = new Sha256State();
            pure.update(probe, 0, 200);
            ok = r.hex().equals(pure.hex()) && java.util.Arrays.equals(r.export(), pure.export());
        } catch (Throwable e) {
            ok = false;
        }
        AVAILABLE = ok;
        LoggerFactory.getLogger(JdkSha256.class).info("resumable SHA-256: {}", ok ? "JDK intrinsic"
                : "pure Java (open java.base/sun.security.provider for the faster one)");
    }

    // set once by the static initializer (before AVAILABLE), read-only afterwards
    private static MethodHandle NEWH;
    private static MethodHandle UPDATEH;
    private static MethodHandle DIGESTH;
    private static MethodHandle CLONEH;
    private static VarHandle STATEH;
    private static VarHandle BUFFERH;
    private static VarHandle BUF_OFSH;
    private static VarHandle BYTESH;

    private final Object spi;

    private JdkSha256(Object spi) {
        this.spi = spi;
    }

    static JdkSha256 restore(byte[] exported) {
        return restoreWith(exported);
    }

    private static JdkSha256 restoreWith(byte[] exported) {
        try {
            JdkSha256 j = new JdkSha256(NEWH.invoke());
            if (exported != null && exported.length > 0) {
                Sha256State s = Sha256State.restore(exported);
                int[] st = (int[]) STATEH.get(j.spi);
                System.arraycopy(s.words(), 0, st, 0, 8);
                byte[] pending = s.pending();
                System.arraycopy(pending, 0, (byte[]) BUFFERH.get(j.spi), 0, pending.length);
                BUF_OFSH.set(j.spi, pending.length);
                BYTESH.set(j.spi, s.length());
            }
            return j;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void update(byte[] in, int off, int len) {
        try {
            UPDATEH.invoke(spi, in, off, len);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] export() {
        long n = (long) BYTESH.get(spi);
        return Sha256State.of((int[]) STATEH.get(spi), n, (byte[]) BUFFERH.get(spi), (int) (n & 63)).export();
    }

    @Override
    public String hex() {
        try {
            return HexFormat.of().formatHex((byte[]) DIGESTH.invoke(CLONEH.invoke(spi)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long length() {
        return (long) BYTESH.get(spi);
    }
}
