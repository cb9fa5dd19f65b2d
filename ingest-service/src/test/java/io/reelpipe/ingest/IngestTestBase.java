package io.reelpipe.ingest;

import io.reelpipe.devstack.junit.DevStackExtension;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.media.SyntheticVideo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every integration test class (same annotations and properties, so Spring's context cache
 * shares it) on the one dev stack of the test JVM.
 */
@WithDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelpipe.ingest.outbox.poll-interval=500ms",
        "reelpipe.ingest.probe-timeout=20s",
        "reelpipe.ingest.max-upload-size=20MB",
        "reelpipe.ingest.tenants.t-small.max-upload-size=1MB",
        "reelpipe.ingest.tenants.t-short.max-duration=1s",
        "reelpipe.ingest.tus.part-size=5MB",
        "reelpipe.ingest.tus.lock-ttl=3s",
        "reelpipe.ingest.tus.sweeper-enabled=false",
        "reelpipe.ingest.direct.multipart-threshold=6MB",
        "reelpipe.ingest.direct.part-size=5MB",
        "reelpipe.ingest.webhooks.poll-interval=200ms",
        "reelpipe.ingest.webhooks.backoff-initial=300ms",
        "reelpipe.ingest.sse.block=1s"})
public abstract class IngestTestBase {

    public static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void devStack(DynamicPropertyRegistry registry) {
        DevStackExtension.shared().springProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("reelpipe.ingest.tus.spool-dir", () -> spoolDir().toString());
    }

    private static Path spool;

    public static synchronized Path spoolDir() {
        if (spool == null) {
            try {
                spool = Files.createTempDirectory("ingest-test-spool");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return spool;
    }

    private static Path small;

    /** A real 3 s 320x180 MP4 (faststart), made once per JVM. */
    public static synchronized Path smallVideo() throws IOException {
        if (small == null) {
            Path dir = Files.createTempDirectory("ingest-test-video");
            small = SyntheticVideo.builder().size(320, 180).fps(15).duration(Duration.ofSeconds(3)).audioChannels(1)
                    .build().write(dir.resolve("clip.mp4"));
        }
        return small;
    }

    /**
     * A playable MP4 of exactly {@code size} bytes, unique per {@code seed}: the small video followed by an MP4
     * {@code free} box of random bytes (demuxers skip it), so it spans several 5 MiB parts.
     */
    public static Path paddedVideo(Path dir, int size, long seed) throws IOException {
        byte[] video = Files.readAllBytes(smallVideo());
        int pad = size - video.length;
        if (pad < 8) {
            throw new IllegalArgumentException("size too small");
        }
        Path out = dir.resolve("padded-" + seed + ".mp4");
        Random rnd = new Random(seed);
        try (OutputStream os = Files.newOutputStream(out)) {
            os.write(video);
            os.write(ByteBuffer.allocate(8).putInt(pad).put("free".getBytes()).array());
            byte[] buf = new byte[1 << 16];
            int left = pad - 8;
            while (left > 0) {
                rnd.nextBytes(buf);
                int n = Math.min(buf.length, left);
                os.write(buf, 0, n);
                left -= n;
            }
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }
}
