package io.reelpipe.thumbnail.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.thumbnail.ThumbnailParameters;
import io.reelpipe.thumbnail.scenes.Scene;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedPreviewMakerTest {

    @TempDir
    static Path dir;
    static Path clip;
    static MediaInfo info;
    final AnimatedPreviewMaker maker = new AnimatedPreviewMaker(Ffmpeg.bundled());

    @BeforeAll
    static void writeClip() {
        // anamorphic: 360x288 with SAR 16:15 shows as 384x288
        clip = SyntheticVideo.builder().size(360, 288).fps(25).duration(Duration.ofSeconds(4)).noAudio()
                .sampleAspectRatio(16, 15).build().write(dir.resolve("pal.mp4"));
        info = MediaProbe.probe(clip);
    }

    static ThumbnailParameters.Preview preview(String format) {
        return new ThumbnailParameters.Preview(true, format, 3, 0.5, 192, 10);
    }

    @Test
    void gifLoopsWithFramesOfTheDisplayShape() throws Exception {
        AnimatedPreviewMaker.Preview p = maker.make(clip, info.requireVideo(), info.duration(), null, preview("gif"),
                dir.resolve("gif"), f -> { }, () -> false);
        assertThat(p.name()).isEqualTo("preview.gif");
        assertThat(p.contentType()).isEqualTo("image/gif");
        assertThat(p.attributes()).containsEntry("width", 192).containsEntry("height", 144).containsEntry("duration", 1.5);
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(p.file().toFile())) {
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            assertThat(frames).isBetween(13, 16); // 3 clips × 0.5 s × 10 fps
            BufferedImage first = reader.read(0);
            assertThat(first.getWidth()).isEqualTo(192);
            assertThat(first.getHeight()).isEqualTo(144);
        } finally {
            reader.dispose();
        }
        String bytes = new String(Files.readAllBytes(p.file()), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("loop extension").contains("NETSCAPE2.0");
        assertThat(Files.size(p.file())).isLessThan(500_000);
    }

    @Test
    void webpIsAnAnimatedWebp() throws Exception {
        AnimatedPreviewMaker.Preview p = maker.make(clip, info.requireVideo(), info.duration(), null, preview("webp"),
                dir.resolve("webp"), f -> { }, () -> false);
        byte[] b = Files.readAllBytes(p.file());
        String head = new String(b, 0, 64, StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("RIFF").contains("WEBP").contains("ANIM");
        assertThat(p.contentType()).isEqualTo("image/webp");
        assertThat(p.attributes()).containsEntry("loop", true);
    }

    @Test
    void mp4IsSilentH264OfTheDisplayShape() {
        AnimatedPreviewMaker.Preview p = maker.make(clip, info.requireVideo(), info.duration(), null, preview("mp4"),
                dir.resolve("mp4"), f -> { }, () -> false);
        MediaInfo out = MediaProbe.probe(p.file());
        assertThat(out.hasAudio()).isFalse();
        assertThat(out.requireVideo().codec()).isEqualTo("h264");
        assertThat(out.requireVideo().displayWidth()).isEqualTo(192);
        assertThat(out.requireVideo().displayHeight()).isEqualTo(144);
        assertThat(out.duration().toMillis()).isBetween(1300L, 1700L);
    }

    @Test
    void clipsComeFromTheLongestScenesInTimeOrderOrEvenlySpread() {
        List<Scene> scenes = List.of(
                new Scene(0, Duration.ZERO, Duration.ofSeconds(1), 0),
                new Scene(1, Duration.ofSeconds(1), Duration.ofSeconds(5), 0.9),
                new Scene(2, Duration.ofSeconds(5), Duration.ofMillis(5500), 0.8),
                new Scene(3, Duration.ofMillis(5500), Duration.ofSeconds(10), 0.7));
        assertThat(AnimatedPreviewMaker.clipStarts(Duration.ofSeconds(10), scenes, 2, Duration.ofSeconds(1)))
                .containsExactly(Duration.ofMillis(2500), Duration.ofMillis(7250));
        assertThat(AnimatedPreviewMaker.clipStarts(Duration.ofSeconds(8), null, 3, Duration.ofSeconds(1)))
                .containsExactly(Duration.ofMillis(1500), Duration.ofMillis(3500), Duration.ofMillis(5500));
        assertThat(AnimatedPreviewMaker.clipStarts(Duration.ofMillis(600), null, 3, Duration.ofSeconds(1)))
                .containsExactly(Duration.ZERO);
    }

    @Test
    void cancellationKillsFfmpeg() {
        assertThatThrownBy(() -> maker.make(clip, info.requireVideo(), info.duration(), null, preview("gif"),
                dir.resolve("cancel"), f -> { }, () -> true)).isInstanceOf(MediaCancelledException.class);
    }
}
