package io.reelpipe.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.filter.InvalidParametersException;
import io.reelpipe.pipeline.internal.ParameterBinder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThumbnailParametersTest {

    static ThumbnailParameters bind(Map<String, Object> with) {
        return ParameterBinder.bind("thumbnail", with, ThumbnailParameters.class);
    }

    @Test
    void defaultsGivePosterAndStoryboardOnly() {
        ThumbnailParameters p = bind(Map.of("poster", "auto"));
        assertThat(p.poster()).isEqualTo("auto");
        assertThat(p.storyboard().enabled()).isTrue();
        assertThat(p.storyboard().every()).isEqualTo("auto");
        assertThat(p.storyboard().columns()).isEqualTo(10);
        assertThat(p.storyboard().rows()).isEqualTo(10);
        assertThat(p.storyboard().width()).isEqualTo(160);
        assertThat(p.scenes().enabled()).isFalse();
        assertThat(p.preview().enabled()).isFalse();
        assertThat(p.preview().format()).isEqualTo("webp");
        assertThat(bind(Map.of())).isEqualTo(ThumbnailParameters.defaults());
    }

    @Test
    void designDocSpriteAliasAndDurationForms() {
        ThumbnailParameters p = bind(Map.of("poster", "auto", "sprite", Map.of("every", "2s", "columns", 10)));
        assertThat(p.storyboard().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bind(Map.of("storyboard", Map.of("every", "500ms"))).storyboard().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(bind(Map.of("storyboard", Map.of("every", 3))).storyboard().interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(bind(Map.of("storyboard", Map.of("every", "00:00:01.5"))).storyboard().interval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(new ThumbnailFilter().parameterNames()).contains("poster", "storyboard", "sprite", "scenes", "preview");
    }

    @Test
    void badValuesFailWithAReadableReason() {
        assertThatThrownBy(() -> bind(Map.of("storyboard", Map.of("columns", 50))))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("storyboard.columns must be between 1 and 20");
        assertThatThrownBy(() -> bind(Map.of("storyboard", Map.of("every", "often"))))
                .hasMessageContaining("storyboard.every must be a duration");
        assertThatThrownBy(() -> bind(Map.of("storyboard", Map.of("every", "2s", "count", 10))))
                .hasMessageContaining("either every or count");
        assertThatThrownBy(() -> bind(Map.of("preview", Map.of("format", "avi"))))
                .hasMessageContaining("preview.format must be webp, gif or mp4");
        assertThatThrownBy(() -> bind(Map.of("scenes", Map.of("threshold", 2))))
                .hasMessageContaining("scenes.threshold must be between 0.05 and 1");
        assertThatThrownBy(() -> bind(Map.of("thumbs", 3)))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("unknown parameter 'thumbs'");
        assertThatThrownBy(() -> bind(Map.of("storyboard", Map.of("colums", 3))))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("colums");
    }
}
