package io.reelpipe.ingest.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256StateTest {

    @Test
    void knownVectors() {
        assertThat(new Sha256State().hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Sha256State s = new Sha256State();
        s.update("abc".getBytes());
        assertThat(s.hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        s = new Sha256State();
        s.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes());
        assertThat(s.hex()).isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void matchesMessageDigestAcrossExportsAtEveryBoundary() throws Exception {
        Random rnd = new Random(42);
        for (int size : new int[] {0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 70_001}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            // feed in random pieces, exporting and restoring between each (as between PATCH requests)
            Sha256State s = new Sha256State();
            int off = 0;
            while (off < size) {
                int n = Math.min(size - off, 1 + rnd.nextInt(200));
                s.update(data, off, n);
                off += n;
                s = Sha256State.restore(s.export());
                assertThat(s.length()).isEqualTo(off);
            }
            assertThat(s.hex()).as("size " + size).isEqualTo(expected);
            // digest() leaves the state usable
            assertThat(s.hex()).isEqualTo(expected);
        }
    }

    @Test
    void damagedStateIsRefused() {
        Sha256State s = new Sha256State();
        s.update(new byte[10]);
        byte[] e = s.export();
        assertThatThrownBy(() -> Sha256State.restore(java.util.Arrays.copyOf(e, e.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Sha256State.restore(null).length()).isZero();
    }

    @Test
    void jdkAcceleratedStateIsInterchangeableWithThePureJavaOne() throws Exception {
        // surefire opens java.base/sun.security.provider (as the exec jar's manifest does)
        assertThat(JdkSha256.AVAILABLE).isTrue();
        Random rnd = new Random(7);
        byte[] data = new byte[300_001];
        rnd.nextBytes(data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        ResumableSha256 s = ResumableSha256.restore(null);
        int off = 0;
        boolean pure = false;
        while (off < data.length) {
            int n = Math.min(data.length - off, 1 + rnd.nextInt(70_000));
            s.update(data, off, n);
            off += n;
            // alternate implementations across the export, as two instances (or versions) of ingest might
            s = (pure = !pure) ? Sha256State.restore(s.export()) : JdkSha256.restore(s.export());
        }
        assertThat(s.hex()).isEqualTo(expected);
    }
}
