package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.pipeline.filter.PermanentStageException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosterPickerTest {

    @TempDir
    Path tmp;

    @Test
    void autoSkipsABlackIntroAndWritesAFullSizeJpeg() throws Exception {
        // 4 s: 2 s of black, then a green card: candidates in the black half must lose.
        Path video = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(4))
                .blackIntro(Duration.ofSeconds(2)).card(new Color(40, 170, 70), Duration.ZERO).build()
                .write(tmp.resolve("intro.mp4"));
        List<Double> progress = new ArrayList<>();
        PosterChoice choice;
        try (VideoFrames frames = VideoFrames.open(video)) {
            choice = new PosterPicker().pick(frames, "auto", tmp.resolve("poster.jpg"), progress::add, () -> { });
        }
        BufferedImage poster = ImageIO.read(choice.file().toFile());
        assertThat(poster.getWidth()).isEqualTo(320);
        assertThat(poster.getHeight()).isEqualTo(180);
        assertThat(FrameQuality.of(poster).meanLuma()).as("poster is not black").isGreaterThan(FrameQuality.BLACK_BELOW);
        assertThat((double) choice.attributes().get("time")).isGreaterThanOrEqualTo(2.0);
        assertThat(progress).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void explicitTimeTakesThatFrameAndRejectsTimesAfterTheEnd() throws Exception {
        Path video = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(2)).noAudio()
                .card(Color.RED, Duration.ZERO).card(Color.BLUE, Duration.ofSeconds(1)).build()
                .write(tmp.resolve("cards.mp4"));
        try (VideoFrames frames = VideoFrames.open(video)) {
            PosterChoice c = new PosterPicker().pick(frames, "1.5s", tmp.resolve("p.jpg"), p -> { }, () -> { });
            BufferedImage img = ImageIO.read(c.file().toFile());
            int rgb = img.getRGB(160, 160); // the card fills the lower half
            assertThat((rgb & 0xff)).as("blue channel").isGreaterThan(150);
            assertThat((rgb >> 16) & 0xff).as("red channel").isLessThan(100);
            assertThatThrownBy(() -> new PosterPicker().pick(frames, "00:00:09", tmp.resolve("q.jpg"), p -> { }, () -> { }))
                    .isInstanceOf(PermanentStageException.class).hasMessageContaining("after the end");
        }
    }

    @Test
    void badTimeSyntaxIsAPermanentErrorWithTheAcceptedForms() {
        assertThatThrownBy(() -> PosterPicker.parseTime("soon")).isInstanceOf(PermanentStageException.class)
                .hasMessageContaining("12.5s");
        assertThat(PosterPicker.parseTime("01:02.5")).isEqualTo(Duration.ofMillis(62_500));
        assertThat(PosterPicker.parseTime("3")).isEqualTo(Duration.ofSeconds(3));
    }
}
