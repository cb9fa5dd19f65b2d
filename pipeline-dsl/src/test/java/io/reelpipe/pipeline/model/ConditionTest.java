package io.reelpipe.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {

    static final Map<String, Object> MEDIA = Map.of(
            "durationSeconds", 42.5,
            "container", "mov,mp4,m4a,3gp,3g2,mj2",
            "video", Map.of("width", 1280, "height", 720, "codec", "h264"),
            "audioStreams", List.of(Map.of("codec", "aac", "channels", 2)),
            "subtitleStreams", List.of());

    static boolean eval(String expr) {
        return Condition.parse(expr).test(MEDIA);
    }

    @Test
    void comparesNumbersDurationsStringsAndBooleans() {
        assertThat(eval("media.duration > 30s")).isTrue();
        assertThat(eval("media.duration > 1m")).isFalse();
        assertThat(eval("media.duration >= 42500ms")).isTrue();
        assertThat(eval("media.video.height >= 720")).isTrue();
        assertThat(eval("media.height < 720")).isFalse();
        assertThat(eval("media.video.codec == 'h264'")).isTrue();
        assertThat(eval("media.video.codec != \"h264\"")).isFalse();
        assertThat(eval("media.hasAudio")).isTrue();
        assertThat(eval("media.hasAudio == true")).isTrue();
        assertThat(eval("media.hasSubtitles")).isFalse();
        assertThat(eval("!media.hasSubtitles && (media.duration < 10s || media.video.width == 1280)")).isTrue();
        assertThat(eval("media.audioStreams.0.channels == 2")).isTrue();
        assertThat(eval("media.audioStreams.size > 0 and not media.hasSubtitles")).isTrue();
    }

    @Test
    void missingPropertiesAreNullAndOrderingWithNullIsFalse() {
        assertThat(eval("media.nothing > 1")).isFalse();
        assertThat(eval("media.nothing < 1")).isFalse();
        assertThat(eval("media.nothing == null")).isTrue();
        assertThat(eval("media.nothing")).isFalse();
        assertThat(Condition.parse("media.hasAudio").test(Map.of())).isFalse();
    }

    @Test
    void constantConditionsAreDetected() {
        assertThat(Condition.parse("false").alwaysFalse()).isTrue();
        assertThat(Condition.parse("1 > 2").alwaysFalse()).isTrue();
        assertThat(Condition.parse("media.hasAudio && false").alwaysFalse()).isFalse();
        assertThat(Condition.parse("true").alwaysFalse()).isFalse();
        assertThat(Condition.parse("media.a || media.b.c > 3").paths()).containsExactly("media.a", "media.b.c");
    }

    @Test
    void syntaxErrorsCarryTheirOffset() {
        assertError("media.duration > ", 17, "ends too early");
        assertError("media.duration = 3", 15, "'=='");
        assertError("duration > 3", 0, "start with 'media.'");
        assertError("media.duration > 30x", 19, "unknown unit 'x'");
        assertError("(media.hasAudio", 15, "missing ')'");
        assertError("media.a & media.b", 8, "'&&'");
        assertError("media.a > 1 > 2", 12, "do not chain");
        assertError("media.a == 'x", 11, "unterminated");
    }

    private static void assertError(String expr, int offset, String message) {
        assertThatThrownBy(() -> Condition.parse(expr))
                .isInstanceOfSatisfying(Condition.SyntaxError.class, e -> {
                    assertThat(e.offset()).as(expr).isEqualTo(offset);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
