package io.reelpipe.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.filter.InvalidParametersException;
import io.reelpipe.pipeline.filter.PermanentStageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBinderTest {

    record Sprite(String every, int columns) {
    }

    record ThumbParams(String poster, Sprite sprite, List<String> formats) {
    }

    @Test
    void bindsNestedRecords() {
        ThumbParams p = ParameterBinder.bind("thumbnail", Map.of("poster", "auto",
                "sprite", Map.of("every", "2s", "columns", 10), "formats", List.of("jpg")), ThumbParams.class);
        assertThat(p).isEqualTo(new ThumbParams("auto", new Sprite("2s", 10), List.of("jpg")));
    }

    @Test
    void missingParametersAreNull() {
        assertThat(ParameterBinder.bind("thumbnail", Map.of(), ThumbParams.class))
                .isEqualTo(new ThumbParams(null, null, null));
    }

    @Test
    void unknownParameterIsPermanentAndNamed() {
        assertThatThrownBy(() -> ParameterBinder.bind("thumbnail", Map.of("postr", "auto"), ThumbParams.class))
                .isInstanceOf(PermanentStageException.class)
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("postr");
                    assertThat(e.getMessage()).contains("unknown parameter 'postr'").contains("thumbnail")
                            .contains("poster, sprite");
                });
    }

    @Test
    void nestedUnknownParameterHasItsPath() {
        assertThatThrownBy(() -> ParameterBinder.bind("thumbnail", Map.of("sprite", Map.of("evry", "2s")), ThumbParams.class))
                .isInstanceOfSatisfying(InvalidParametersException.class,
                        e -> assertThat(e.parameter()).isEqualTo("sprite.evry"));
    }

    @Test
    void wrongTypeNamesTheParameter() {
        assertThatThrownBy(() -> ParameterBinder.bind("thumbnail", Map.of("sprite", Map.of("columns", "many")), ThumbParams.class))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("sprite.columns");
                    assertThat(e.getMessage()).startsWith("invalid parameter 'sprite.columns' for filter 'thumbnail'");
                });
    }

    @Test
    void voidFilterRejectsParameters() {
        assertThat(ParameterBinder.bind("noop", Map.of(), Void.class)).isNull();
        assertThatThrownBy(() -> ParameterBinder.bind("noop", Map.of("x", 1), Void.class))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("takes no parameters");
    }
}
