package io.reelpipe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFramesTest {

    @TempDir
    static Path dir;
    static Path cards;

    @BeforeAll
    static void writeClip() {
        cards = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(3)).noAudio()
                .card(Color.RED, Duration.ZERO)
                .card(Color.GREEN, Duration.ofSeconds(1))
                .card(Color.BLUE, Duration.ofSeconds(2))
                .build().write(dir.resolve("cards.mp4"));
    }

    @Test
    void frameAtShowsTheCardOfThatTimeExactlyAtTheCut() {
        try (VideoFrames frames = VideoFrames.open(cards)) {
            assertColour(frames.frameAt(Duration.ofMillis(500)), Color.RED);
            // exactly on a cut: the first frame of the new card, not the one before it
            assertColour(frames.frameAt(Duration.ofSeconds(1)), Color.GREEN);
            assertColour(frames.frameAt(Duration.ofMillis(960)), Color.RED);
            assertColour(frames.frameAt(Duration.ofSeconds(2)), Color.BLUE);
            // backwards seek works too
            assertColour(frames.frameAt(Duration.ZERO), Color.RED);
            // past the end: the last frame
            BufferedImage end = frames.frameAt(Duration.ofSeconds(30));
            assertColour(end, Color.BLUE);
            assertThat(end.getWidth()).isEqualTo(320);
            assertThat(end.getHeight()).isEqualTo(180);
        }
    }

    @Test
    void frameAtIsScaledDownOnRequest() {
        try (VideoFrames frames = VideoFrames.open(cards)) {
            BufferedImage small = frames.frameAt(Duration.ofMillis(1500), 160);
            assertThat(small.getWidth()).isEqualTo(160);
            assertThat(small.getHeight()).isEqualTo(90);
            assertColour(small, Color.GREEN);
        }
    }

    @Test
    void anamorphicFramesAreStretchedToTheirDisplayShape() {
        Path pal = SyntheticVideo.builder().size(720, 576).duration(Duration.ofMillis(400)).noAudio()
                .sampleAspectRatio(16, 15).build().write(dir.resolve("pal.mp4"));
        try (VideoFrames frames = VideoFrames.open(pal)) {
            BufferedImage img = frames.frameAt(Duration.ofMillis(100));
            assertThat(img.getWidth()).isEqualTo(768);
            assertThat(img.getHeight()).isEqualTo(576);
        }
    }

    @Test
    void rotatedVideoComesOutUpright() {
        Path phone = SyntheticVideo.builder().size(320, 180).duration(Duration.ofMillis(400)).noAudio().rotation(90)
                .card(Color.YELLOW, Duration.ZERO).build().write(dir.resolve("phone.mp4"));
        try (VideoFrames frames = VideoFrames.open(phone)) {
            assertThat(frames.width()).isEqualTo(180);
            assertThat(frames.height()).isEqualTo(320);
            BufferedImage img = frames.frameAt(Duration.ofMillis(100));
            assertThat(img.getWidth()).isEqualTo(180);
            assertThat(img.getHeight()).isEqualTo(320);
            // the moving box band (top of the stored picture) is now on the right: the left half is card colour
            assertThat(distance(new Color(img.getRGB(20, 160)), Color.YELLOW)).isLessThan(40);
        }
    }

    @Test
    void scanVisitsSmallFramesAtTheRequestedPace() {
        List<Duration> times = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        try (VideoFrames frames = VideoFrames.open(cards)) {
            int n = frames.scan(64, Duration.ofMillis(200), (t, img) -> {
                assertThat(img.getWidth()).isEqualTo(64);
                assertThat(img.getHeight()).isEqualTo(36);
                times.add(t);
                colours.add(new Color(img.getRGB(32, 30)));
                return true;
            });
            assertThat(n).isEqualTo(15);
            assertThat(frames.scan(64, Duration.ZERO, (t, img) -> true)).isEqualTo(75);
            assertThat(frames.scan(64, Duration.ZERO, (t, img) -> t.toMillis() < 1000)).isEqualTo(26);
        }
        assertThat(times.getFirst()).isEqualTo(Duration.ZERO);
        assertThat(times.get(5).toMillis()).isCloseTo(1000, within(1L));
        assertThat(distance(colours.get(4), Color.RED)).isLessThan(40);
        assertThat(distance(colours.get(5), Color.GREEN)).isLessThan(40);
        assertThat(distance(colours.get(14), Color.BLUE)).isLessThan(40);
    }

    @Test
    void scanKeyframesDecodesOnlyOnePicturePerGop() {
        // SyntheticVideo writes one keyframe per second: 3 s gives keyframes at 0, 1 and 2 s
        List<Duration> times = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        try (VideoFrames frames = VideoFrames.open(cards)) {
            int n = frames.scanKeyframes(64, (t, img) -> {
                assertThat(img.getWidth()).isEqualTo(64);
                assertThat(img.getHeight()).isEqualTo(36);
                times.add(t);
                colours.add(new Color(img.getRGB(32, 30)));
                return true;
            });
            assertThat(n).isEqualTo(3);
        }
        assertThat(times).extracting(Duration::toMillis).containsExactly(0L, 1000L, 2000L);
        assertThat(distance(colours.get(0), Color.RED)).isLessThan(40);
        assertThat(distance(colours.get(1), Color.GREEN)).isLessThan(40);
        assertThat(distance(colours.get(2), Color.BLUE)).isLessThan(40);
    }

    @Test
    void audioOnlyFileCannotGiveFrames() {
        Path m4a = dir.resolve("a.m4a");
        Path withAudio = SyntheticVideo.builder().size(160, 90).duration(Duration.ofMillis(500)).build()
                .write(dir.resolve("av.mp4"));
        Ffmpeg.bundled().run(FfmpegCommand.builder().input(withAudio).args("-vn", "-c:a", "copy").output(m4a).build());
        assertThatThrownBy(() -> VideoFrames.open(m4a)).isInstanceOf(NoVideoStreamException.class);
    }

    @Test
    void jpegQualityChangesTheSize() throws Exception {
        BufferedImage img;
        try (VideoFrames frames = VideoFrames.open(cards)) {
            img = frames.frameAt(Duration.ofMillis(1500));
        }
        byte[] low = JpegWriter.encode(img, 0.3f);
        byte[] high = JpegWriter.encode(img, 0.95f);
        assertThat(low.length).isLessThan(high.length);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(high));
        assertThat(back.getWidth()).isEqualTo(320);
        assertColour(back, Color.GREEN);
        Path file = JpegWriter.write(img, 0.85f, dir.resolve("poster/poster.jpg"));
        assertThat(Files.size(file)).isPositive();
    }

    /** The card colour fills the lower half (the moving box runs in the upper band). */
    static void assertColour(BufferedImage img, Color expected) {
        Color actual = new Color(img.getRGB(img.getWidth() / 2, img.getHeight() * 3 / 4));
        assertThat(distance(actual, expected)).as("colour %s vs %s", actual, expected).isLessThan(40);
    }

    static int distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }
}
