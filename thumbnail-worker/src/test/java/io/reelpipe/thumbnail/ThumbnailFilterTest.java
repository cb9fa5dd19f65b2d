package io.reelpipe.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageCancelledException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.internal.ParameterBinder;
import io.reelpipe.pipeline.testing.LocalStageContext;
import io.reelpipe.pipeline.wire.OutputFile;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailFilterTest {

    @TempDir
    static Path shared;
    static Path clip;

    @TempDir
    Path dir;

    final ThumbnailFilter filter = new ThumbnailFilter();

    @BeforeAll
    static void writeClip() {
        // 6 s with a black intro: cards at 0 (after the intro), 2.2 s and 4 s
        clip = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(6)).noAudio()
                .blackIntro(Duration.ofMillis(800))
                .card(Color.RED, Duration.ZERO).card(new Color(40, 170, 70), Duration.ofMillis(2200))
                .card(Color.BLUE, Duration.ofSeconds(4)).build().write(shared.resolve("ad.mp4"));
    }

    static ThumbnailParameters bind(Map<String, Object> with) {
        return ParameterBinder.bind("thumbnail", with, ThumbnailParameters.class);
    }

    static LocalStageContext.Builder<ThumbnailParameters> context(Path source, Path dir, ThumbnailParameters params) {
        return LocalStageContext.builder("thumbnail", params).root(dir).source(source);
    }

    static Map<String, OutputFile> byName(StageResult r) {
        Map<String, OutputFile> m = new java.util.LinkedHashMap<>();
        r.outputs().forEach(o -> m.put(o.name(), o));
        return m;
    }

    @Test
    void defaultPipelineParametersGivePosterAndStoryboard() throws Exception {
        var ctx = context(clip, dir, bind(Map.of("poster", "auto"))).build();
        StageResult r = filter.run(ctx).block();

        assertThat(ThumbnailFilter.names(r)).containsExactly("poster.jpg", "storyboard.vtt", "sprite-0.jpg");
        Map<String, OutputFile> out = byName(r);
        assertThat(out.get("poster.jpg").attributes()).containsEntry("width", 320).containsEntry("height", 180)
                .containsKeys("time", "score");
        assertThat((double) out.get("poster.jpg").attributes().get("time")).isGreaterThan(0.8);
        assertThat(out.get("poster.jpg").contentType()).isEqualTo("image/jpeg");
        // auto interval for a short video: 1 s -> 6 tiles of 160x90 in one row
        assertThat(out.get("storyboard.vtt").attributes()).containsEntry("interval", 1.0).containsEntry("tiles", 6)
                .containsEntry("sprites", 1).containsEntry("tileWidth", 160).containsEntry("tileHeight", 90)
                .containsEntry("duration", 6.0).containsEntry("mode", "keyframes");
        assertThat(out.get("storyboard.vtt").contentType()).isEqualTo("text/vtt");
        assertThat(out.get("sprite-0.jpg").attributes()).containsEntry("index", 0).containsEntry("width", 960)
                .containsEntry("height", 90).containsEntry("columns", 6).containsEntry("rows", 1)
                .containsEntry("firstTime", 0.0).containsEntry("lastTime", 5.0);
        for (OutputFile o : r.outputs()) {
            assertThat(o.size()).as(o.name()).isEqualTo(Files.size(ctx.object(o.name())));
            assertThat(o.key()).isEqualTo("acme/asset-1/thumbnail/" + o.name());
        }
        io.reelpipe.thumbnail.storyboard.StrictVttAccess.check(ctx.object("storyboard.vtt"), 6000);
        BufferedImage poster = ImageIO.read(ctx.object("poster.jpg").toFile());
        assertThat(poster.getWidth()).isEqualTo(320);
        assertThat(r.details()).containsKeys("poster", "storyboard", "timings");
        assertThat(ctx.progressReports()).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void everythingOnGivesScenesAndAPreviewFromOneSharedPass() throws Exception {
        ThumbnailParameters p = bind(Map.of(
                "poster", "3s",
                "sprite", Map.of("every", "2s", "columns", 2, "rows", 1, "width", 96),
                "scenes", Map.of("enabled", true, "max", 10, "width", 160),
                "preview", Map.of("enabled", true, "format", "gif", "scenes", 2, "seconds", 0.5, "width", 128)));
        var ctx = context(clip, dir, p).build();
        StageResult r = filter.run(ctx).block();

        assertThat(ThumbnailFilter.names(r)).containsExactly("poster.jpg", "scene-0.jpg", "scene-1.jpg", "scene-2.jpg",
                "scene-3.jpg", "storyboard.vtt", "sprite-0.jpg", "sprite-1.jpg", "preview.gif");
        Map<String, OutputFile> out = byName(r);
        assertThat(out.get("poster.jpg").attributes()).containsEntry("time", 3.0).containsEntry("mode", "time");
        assertThat((double) out.get("scene-1.jpg").attributes().get("time")).isCloseTo(0.8, org.assertj.core.api.Assertions.within(0.04));
        assertThat((double) out.get("scene-2.jpg").attributes().get("time")).isCloseTo(2.2, org.assertj.core.api.Assertions.within(0.04));
        assertThat((double) out.get("scene-3.jpg").attributes().get("time")).isCloseTo(4.0, org.assertj.core.api.Assertions.within(0.04));
        assertThat(out.get("scene-3.jpg").attributes()).containsEntry("width", 160).containsEntry("height", 90)
                .containsKeys("score", "end", "frameTime");
        assertThat(out.get("storyboard.vtt").attributes()).containsEntry("mode", "shared_scan").containsEntry("tiles", 3)
                .containsEntry("sprites", 2).containsEntry("tileWidth", 96).containsEntry("tileHeight", 54);
        assertThat(out.get("sprite-1.jpg").attributes()).containsEntry("firstTime", 4.0).containsEntry("width", 96);
        assertThat(out.get("preview.gif").attributes()).containsEntry("width", 128).containsEntry("height", 72)
                .containsEntry("format", "gif");
        assertThat(out.get("preview.gif").contentType()).isEqualTo("image/gif");
        io.reelpipe.thumbnail.storyboard.StrictVttAccess.check(ctx.object("storyboard.vtt"), 6000);
        assertThat((List<?>) r.details().get("scenes")).hasSize(4);
    }

    @Test
    void portraitAndAnamorphicVideosKeepTheirDisplayShape() {
        Path portrait = SyntheticVideo.builder().size(180, 320).fps(25).duration(Duration.ofSeconds(2)).noAudio()
                .card(Color.ORANGE, Duration.ZERO).build().write(dir.resolve("portrait.mp4"));
        Path pal = SyntheticVideo.builder().size(360, 288).fps(25).duration(Duration.ofSeconds(2)).noAudio()
                .sampleAspectRatio(16, 15).card(Color.ORANGE, Duration.ZERO).build().write(dir.resolve("pal.mp4"));
        assertShapes(portrait, 180, 320, 160, 284);
        assertShapes(pal, 384, 288, 160, 120);
    }

    private void assertShapes(Path video, int posterW, int posterH, int tileW, int tileH) {
        var ctx = context(video, dir.resolve("shape-" + video.getFileName()), ThumbnailParameters.defaults()).build();
        Map<String, OutputFile> out = byName(filter.run(ctx).block());
        assertThat(out.get("poster.jpg").attributes()).as(video + " poster")
                .containsEntry("width", posterW).containsEntry("height", posterH);
        assertThat(out.get("storyboard.vtt").attributes()).as(video + " tiles")
                .containsEntry("tileWidth", tileW).containsEntry("tileHeight", tileH);
    }

    @Test
    void storyboardAndScenesCanBeSwitchedOff() {
        var ctx = context(clip, dir, bind(Map.of("storyboard", Map.of("enabled", false)))).build();
        assertThat(ThumbnailFilter.names(filter.run(ctx).block())).containsExactly("poster.jpg");
    }

    @Test
    void cancellationStopsTheWorkAndUploadsNothing() {
        var ctx = context(clip, dir, bind(Map.of("scenes", Map.of("enabled", true), "preview", Map.of("enabled", true))))
                .cancelWhenProgress(p -> p > 0.2) // after the poster, during the scan
                .build();
        assertThatThrownBy(() -> filter.run(ctx).block()).isInstanceOf(StageCancelledException.class);
        assertThat(ctx.uploads()).isEmpty();
        assertThat(ctx.progressReports().getLast()).isLessThan(0.6);
    }

    @Test
    void badInputIsPermanent() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a video");
        var ctx = context(text, dir, ThumbnailParameters.defaults()).build();
        assertThatThrownBy(() -> filter.run(ctx).block()).isInstanceOf(PermanentStageException.class)
                .hasMessageContaining("not a video or audio file");
    }
}
