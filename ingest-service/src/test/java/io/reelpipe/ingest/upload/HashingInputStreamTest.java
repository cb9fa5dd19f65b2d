package io.reelpipe.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashingInputStreamTest {

    @Test
    void countsAndHashesEverythingRead() throws Exception {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data), data.length);
        in.read();
        in.skip(10);
        in.readAllBytes();
        assertThat(in.count()).isEqualTo(data.length);
        assertThat(in.sha256Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(in.exceeded()).isFalse();
    }

    @Test
    void stopsOnceTheLimitIsPassed() {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(new byte[1001]), 1000);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(HashingInputStream.TooLargeException.class);
        assertThat(in.exceeded()).isTrue();
    }

    @Test
    void keepsAValidTraceparentAndStartsOneOtherwise() {
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertThat(Traceparent.continueOrStart(tp)).isEqualTo(tp);
        assertThat(Traceparent.continueOrStart(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Traceparent.continueOrStart("garbage")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Traceparent.continueOrStart("00-00000000000000000000000000000000-b7ad6b7169203331-01"))
                .isNotEqualTo("00-00000000000000000000000000000000-b7ad6b7169203331-01");
    }
}
