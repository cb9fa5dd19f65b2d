package io.reelpipe.thumbnail.storyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.thumbnail.ThumbnailParameters;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryboardBuilderTest {

    @TempDir
    static Path dir;
    static SyntheticVideo cards;
    static Path clip;

    @BeforeAll
    static void writeClip() {
        // 5 s, 25 fps, one keyframe per second; cards switch at 1.2 s and 2.6 s
        cards = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(5)).noAudio()
                .card(Color.RED, Duration.ZERO).card(Color.GREEN, Duration.ofMillis(1200))
                .card(Color.BLUE, Duration.ofMillis(2600)).build();
        clip = cards.write(dir.resolve("cards.mp4"));
    }

    static ThumbnailParameters.Storyboard every(String every, int columns, int rows) {
        return new ThumbnailParameters.Storyboard(true, every, null, columns, rows, 160);
    }

    StoryboardBuilder.Result build(ThumbnailParameters.Storyboard params, String name) {
        try (VideoFrames frames = VideoFrames.open(clip)) {
            StoryboardPlan plan = StoryboardPlan.of(params, frames.info().duration(), frames.width(), frames.height());
            List<Double> progress = new ArrayList<>();
            StoryboardBuilder.Result r = new StoryboardBuilder().build(frames, plan, dir.resolve(name), progress::add, () -> { });
            assertThat(progress).isSorted().last().isEqualTo(1.0);
            return r;
        }
    }

    @Test
    void keyframePathFillsEveryTileWhenGopsAreShorterThanTheInterval() throws Exception {
        StoryboardBuilder.Result r = build(every("1s", 10, 10), "kf");
        assertThat(r.mode()).isEqualTo(StoryboardBuilder.Mode.KEYFRAMES);
        assertThat(r.keyframes()).isEqualTo(5);
        List<StrictVtt.Cue> cues = StrictVtt.check(r.vtt(), 5000);
        assertThat(cues).hasSize(5);
        assertThat(cues.getFirst().w()).isEqualTo(160);
        assertThat(cues.getFirst().h()).isEqualTo(90);
        assertThat(r.sheets()).singleElement().satisfies(s -> {
            assertThat(s.width()).isEqualTo(800);
            assertThat(s.height()).isEqualTo(90);
        });
        assertTilesShowTheCardAtTheirStart(r, cues);
    }

    @Test
    void tilesWithoutAKeyframeAreFilledBySeekingAndSheetsWrap() throws Exception {
        // 500 ms: every other tile has no keyframe in its span; 3x2 tiles per sheet -> 2 sheets for 10 tiles
        StoryboardBuilder.Result r = build(every("500ms", 3, 2), "seek");
        assertThat(r.mode()).isEqualTo(StoryboardBuilder.Mode.KEYFRAMES_AND_SEEKS);
        List<StrictVtt.Cue> cues = StrictVtt.check(r.vtt(), 5000);
        assertThat(cues).hasSize(10);
        assertThat(r.sheets()).hasSize(2);
        assertThat(r.sheets().get(0).tiles()).isEqualTo(6);
        assertThat(r.sheets().get(1).tiles()).isEqualTo(4);
        assertThat(cues.get(6).file()).isEqualTo("sprite-1.jpg");
        assertThat(cues.get(6).x()).isZero();
        assertThat(cues.get(9).y()).isEqualTo(90);
        assertTilesShowTheCardAtTheirStart(r, cues);
    }

    @Test
    void manyTilesWithoutKeyframesAreFilledByOneLowResolutionPass() throws Exception {
        StoryboardBuilder.Result r = build(every("200ms", 10, 10), "scan");
        assertThat(r.mode()).isEqualTo(StoryboardBuilder.Mode.KEYFRAMES_AND_SCAN);
        List<StrictVtt.Cue> cues = StrictVtt.check(r.vtt(), 5000);
        assertThat(cues).hasSize(25);
        assertTilesShowTheCardAtTheirStart(r, cues);
    }

    @Test
    void countSpreadsTilesOverTheWholeVideo() throws Exception {
        StoryboardBuilder.Result r = build(new ThumbnailParameters.Storyboard(true, null, 7, 4, 4, 96), "count");
        List<StrictVtt.Cue> cues = StrictVtt.check(r.vtt(), 5000);
        assertThat(cues).hasSize(7);
        assertThat(cues.getFirst().w()).isEqualTo(96);
        assertThat(cues.getFirst().h()).isEqualTo(54);
        assertThat(r.sheets().getFirst().width()).isEqualTo(4 * 96);
        assertThat(r.sheets().getFirst().height()).isEqualTo(2 * 54);
    }

    @Test
    void autoIntervalAndLastSliverMergedIntoThePreviousTile() {
        assertThat(StoryboardPlan.auto(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
        assertThat(StoryboardPlan.auto(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(2));
        assertThat(StoryboardPlan.auto(Duration.ofHours(2))).isEqualTo(Duration.ofSeconds(10));
        StoryboardPlan p = StoryboardPlan.of(every("2s", 10, 10), Duration.ofMillis(10_020), 1920, 1080);
        assertThat(p.tiles()).isEqualTo(5);
        assertThat(p.endMicros(4)).isEqualTo(10_020_000);
        StoryboardPlan q = StoryboardPlan.of(every("2s", 10, 10), Duration.ofMillis(11_000), 1920, 1080);
        assertThat(q.tiles()).isEqualTo(6);
        assertThatThrownBy(() -> StoryboardPlan.of(every("100ms", 10, 10), Duration.ofHours(2), 1920, 1080))
                .isInstanceOf(io.reelpipe.pipeline.filter.PermanentStageException.class)
                .hasMessageContaining("larger storyboard.every");
    }

    @Test
    void portraitAndAnamorphicTilesHaveTheDisplayShape() throws Exception {
        Path portrait = SyntheticVideo.builder().size(180, 320).fps(25).duration(Duration.ofSeconds(2)).noAudio().build()
                .write(dir.resolve("portrait.mp4"));
        Path phone = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(2)).noAudio().rotation(90)
                .build().write(dir.resolve("phone.mp4"));
        Path pal = SyntheticVideo.builder().size(360, 288).fps(25).duration(Duration.ofSeconds(2)).noAudio()
                .sampleAspectRatio(16, 15).build().write(dir.resolve("pal.mp4"));
        assertTileShape(portrait, 160, 284);
        assertTileShape(phone, 160, 284);
        assertTileShape(pal, 160, 120);
    }

    @Test
    void cancellationStopsThePassAndWritesNothing() {
        AtomicInteger checks = new AtomicInteger();
        Path out = dir.resolve("cancelled");
        try (VideoFrames frames = VideoFrames.open(clip)) {
            StoryboardPlan plan = StoryboardPlan.of(every("200ms", 10, 10), frames.info().duration(), frames.width(), frames.height());
            assertThatThrownBy(() -> new StoryboardBuilder().build(frames, plan, out, p -> { }, () -> {
                if (checks.incrementAndGet() > 2) {
                    throw new IllegalStateException("cancelled");
                }
            })).hasMessage("cancelled");
        }
        assertThat(Files.exists(out.resolve("storyboard.vtt"))).isFalse();
    }

    private void assertTileShape(Path video, int w, int h) throws Exception {
        try (VideoFrames frames = VideoFrames.open(video)) {
            StoryboardPlan plan = StoryboardPlan.of(every("1s", 10, 10), frames.info().duration(), frames.width(), frames.height());
            StoryboardBuilder.Result r = new StoryboardBuilder().build(frames, plan,
                    dir.resolve("shape-" + video.getFileName()), p -> { }, () -> { });
            List<StrictVtt.Cue> cues = StrictVtt.check(r.vtt(), frames.info().duration().toMillis());
            assertThat(cues.getFirst().w()).as(video + " tile width").isEqualTo(w);
            assertThat(cues.getFirst().h()).as(video + " tile height").isEqualTo(h);
            BufferedImage sprite = ImageIO.read(r.sheets().getFirst().file().toFile());
            assertThat(sprite.getHeight()).isEqualTo(h);
        }
    }

    /** Each tile's lower half shows the card of the tile's start time. */
    private void assertTilesShowTheCardAtTheirStart(StoryboardBuilder.Result r, List<StrictVtt.Cue> cues) throws Exception {
        for (StrictVtt.Cue c : cues) {
            BufferedImage sprite = ImageIO.read(r.vtt().resolveSibling(c.file()).toFile());
            Color got = new Color(sprite.getRGB(c.x() + c.w() / 2, c.y() + c.h() * 3 / 4));
            Color want = cards.colorAt(Duration.ofMillis(c.startMs()));
            assertThat(distance(got, want)).as("tile at %d ms shows %s, expected %s", c.startMs(), got, want).isLessThan(60);
        }
    }

    static int distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue());
    }
}
