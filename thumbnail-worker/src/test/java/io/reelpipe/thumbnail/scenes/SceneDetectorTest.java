package io.reelpipe.thumbnail.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.VideoFrames;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneDetectorTest {

    static final int FPS = 25;
    static final long FRAME_MS = 1000 / FPS;

    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void writeClip() {
        // black intro until 0.4 s, then cards at 0 (shown from 0.4), 1.2 s, 2.6 s; a moving box all along
        clip = SyntheticVideo.builder().size(320, 180).fps(FPS).duration(Duration.ofSeconds(4)).noAudio()
                .blackIntro(Duration.ofMillis(400))
                .card(Color.RED, Duration.ZERO).card(new Color(40, 170, 70), Duration.ofMillis(1200))
                .card(Color.BLUE, Duration.ofMillis(2600)).build().write(dir.resolve("cards.mp4"));
    }

    List<Scene> detect(double threshold, int max) {
        SceneDetector d = new SceneDetector(threshold, max);
        try (VideoFrames frames = VideoFrames.open(clip)) {
            frames.scan(160, Duration.ZERO, (t, img) -> {
                d.accept(t, img);
                return true;
            });
            assertThat(d.frames()).isEqualTo(100);
            return d.scenes(frames.info().duration());
        }
    }

    @Test
    void sceneStartsAreWithinOneFrameOfTheCardSwitches() {
        List<Scene> scenes = detect(0.35, 20);
        assertThat(scenes).extracting(s -> s.start().toMillis())
                .satisfiesExactly(
                        t -> assertThat(t).isZero(),
                        t -> assertThat(t).isCloseTo(400L, org.assertj.core.api.Assertions.within(FRAME_MS)),
                        t -> assertThat(t).isCloseTo(1200L, org.assertj.core.api.Assertions.within(FRAME_MS)),
                        t -> assertThat(t).isCloseTo(2600L, org.assertj.core.api.Assertions.within(FRAME_MS)));
        assertThat(scenes.getLast().end()).isEqualTo(Duration.ofSeconds(4));
        for (int i = 1; i < scenes.size(); i++) {
            assertThat(scenes.get(i).start()).isEqualTo(scenes.get(i - 1).end());
            assertThat(scenes.get(i).score()).isGreaterThan(0.35);
        }
    }

    @Test
    void maxKeepsTheStrongestCuts() {
        List<Scene> two = detect(0.35, 2);
        assertThat(two).hasSize(2);
        assertThat(two.getFirst().start()).isEqualTo(Duration.ZERO);
        assertThat(two.getLast().end()).isEqualTo(Duration.ofSeconds(4));
        assertThat(detect(0.35, 1)).singleElement().satisfies(s -> assertThat(s.length()).isEqualTo(Duration.ofSeconds(4)));
    }

    @Test
    void motionInsideAShotIsNoCut() {
        Path moving = SyntheticVideo.builder().size(320, 180).fps(FPS).duration(Duration.ofSeconds(2)).noAudio()
                .card(Color.GRAY, Duration.ZERO).build().write(dir.resolve("gray.mp4"));
        SceneDetector d = new SceneDetector(0.2, 20);
        try (VideoFrames frames = VideoFrames.open(moving)) {
            frames.scan(160, Duration.ZERO, (t, img) -> {
                d.accept(t, img);
                return true;
            });
        }
        assertThat(d.scenes(Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void sceneImagesShowTheirSceneAndCarryTheirTimes() throws Exception {
        List<Scene> scenes = detect(0.35, 20);
        try (VideoFrames frames = VideoFrames.open(clip)) {
            List<SceneImages.SceneImage> images = new SceneImages().write(frames, scenes, 640, dir.resolve("scenes"),
                    p -> { }, () -> { });
            assertThat(images).hasSize(4);
            SceneImages.SceneImage green = images.get(2);
            assertThat(green.name()).isEqualTo("scene-2.jpg");
            assertThat((double) green.attributes().get("time")).isCloseTo(1.2, org.assertj.core.api.Assertions.within(0.04));
            assertThat(green.attributes()).containsEntry("width", 320).containsEntry("height", 180)
                    .containsKeys("score", "end", "frameTime");
            BufferedImage img = ImageIO.read(green.file().toFile());
            Color c = new Color(img.getRGB(160, 150));
            assertThat(c.getGreen()).isGreaterThan(130);
            assertThat(c.getRed()).isLessThan(90);
            assertThat((double) images.getFirst().attributes().get("meanLuma")).as("black intro scene").isLessThan(24);
        }
    }
}
