package io.reelpipe.transcode.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.media.Rational;
import io.reelpipe.media.VideoStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderPlannerTest {

    static VideoStream video(int w, int h, int sarNum, int sarDen, int rotation) {
        Rational sar = Rational.of(sarNum, sarDen);
        return new VideoStream(0, "h264", "High", w, h, sar, Rational.of(w * sarNum, h * sarDen), rotation, 25,
                "yuv420p", 0, 0, false);
    }

    static List<RungSpec> named(String... names) {
        return java.util.Arrays.stream(names).map(RungSpec::named).toList();
    }

    static List<String> sizes(LadderPlan p) {
        return p.rungs().stream().map(r -> r.name() + "=" + r.width() + "x" + r.height()).toList();
    }

    @Test
    void neverUpscalesAndKeepsRungsThatFit() {
        LadderPlan p = LadderPlanner.plan(named("1080p", "720p", "360p", "240p"), video(640, 360, 1, 1, 0));
        assertThat(sizes(p)).containsExactly("360p=640x360", "240p=426x240");
        assertThat(p.dropped()).extracting(d -> d.get("name")).containsExactly("1080p", "720p");
    }

    @Test
    void standardLadderOn1080pSource() {
        LadderPlan p = LadderPlanner.plan(named("1080p", "720p", "480p", "360p"), video(1920, 1080, 1, 1, 0));
        assertThat(sizes(p)).containsExactly("1080p=1920x1080", "720p=1280x720", "480p=854x480", "360p=640x360");
        assertThat(p.rungs().getFirst().level()).isEqualTo("4.0");
        assertThat(p.rungs().get(1).videoCodecs()).isEqualTo("avc1.64001f");
        assertThat(p.rungs()).allMatch(r -> r.width() % 2 == 0 && r.height() % 2 == 0);
    }

    @Test
    void portraitPhoneVideoStaysPortrait() {
        // coded 1920x1080 with a 90° display matrix: upright 1080x1920
        LadderPlan p = LadderPlanner.plan(named("1080p", "720p", "360p"), video(1920, 1080, 1, 1, 90));
        assertThat(sizes(p)).containsExactly("1080p=1080x1920", "720p=720x1280", "360p=360x640");
        LadderPlan q = LadderPlanner.plan(named("720p", "360p", "240p"), video(1080, 1920, 1, 1, 0));
        assertThat(sizes(q)).containsExactly("720p=720x1280", "360p=360x640", "240p=240x426");
    }

    @Test
    void anamorphicUsesDisplayAspectWithSquarePixels() {
        // 720x576 SAR 16:15 shows as 768x576
        LadderPlan p = LadderPlanner.plan(named("480p", "360p"),
                video(720, 576, 16, 15, 0));
        assertThat(sizes(p)).containsExactly("480p=640x480", "360p=480x360");
        // 360x288 SAR 16:15 → 384x288; 360p is above it, so the source size is offered instead
        LadderPlan q = LadderPlanner.plan(named("360p", "240p"), video(360, 288, 16, 15, 0));
        assertThat(q.sourceWidth()).isEqualTo(384);
        assertThat(sizes(q)).containsExactly("288p=384x288", "240p=320x240");
    }

    @Test
    void smallSourceGetsOneRungAtItsOwnSize() {
        LadderPlan p = LadderPlanner.plan(named("1080p", "720p"), video(180, 320, 1, 1, 0));
        assertThat(sizes(p)).containsExactly("180p=180x320");
        assertThat(p.rungs().getFirst().videoBitrate()).isGreaterThanOrEqualTo(100_000).isLessThan(2_800_000);
    }

    @Test
    void explicitRungs() {
        List<RungSpec> specs = List.of(new RungSpec("small", 320, 180, "300k", "48k"),
                new RungSpec(null, null, 120, null, null));
        LadderPlan p = LadderPlanner.plan(specs, video(640, 360, 1, 1, 0));
        assertThat(sizes(p)).containsExactly("small=320x180", "120p=214x120");
        assertThat(p.rungs().getFirst().videoBitrate()).isEqualTo(300_000);
        assertThat(p.rungs().getFirst().audioBitrate()).isEqualTo(48_000);
        assertThat(p.rungs().get(1).videoBitrate()).isEqualTo(100_000);
    }

    @Test
    void audioOnlyHasNoRungs() {
        assertThat(LadderPlanner.plan(named("720p"), null).rungs()).isEmpty();
    }
}
