package io.reelpipe.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {

    static final List<FilterDescriptor> CATALOGUE = List.of(
            new FilterDescriptor("transcode", Set.of("ladder", "formats")),
            new FilterDescriptor("thumbnail", Set.of("poster", "sprite")),
            new FilterDescriptor("subtitle", Set.of("languages", "source")),
            new FilterDescriptor("keyword", Set.of("top")));

    @Test
    void designExampleIsValidAgainstTheCatalogue() {
        Pipeline p = PipelineYaml.parse(PipelineYamlTest.DESIGN_EXAMPLE, CATALOGUE);
        assertThat(p.stages()).hasSize(4);
    }

    @Test
    void unknownFilterAndUnknownParameterWithPositions() {
        String text = """
                pipeline: p
                stages:
                  a: { filter: transcoder }
                  b:
                    filter: keyword
                    with:
                      top: 5
                      bottom: 3
                """;
        assertThatThrownBy(() -> PipelineYaml.parse(text, CATALOGUE))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    PipelineProblem filter = e.problems().get(0);
                    assertThat(filter.message()).contains("unknown filter 'transcoder'");
                    assertThat(filter.line()).isEqualTo(3);
                    assertThat(filter.column()).isEqualTo(16);
                    PipelineProblem param = e.problems().get(1);
                    assertThat(param.path()).isEqualTo("stages.b.with.bottom");
                    assertThat(param.message()).contains("unknown parameter 'bottom'").contains("accepted: top");
                    assertThat(param.line()).isEqualTo(8);
                    assertThat(param.column()).isEqualTo(15);
                });
    }

    @Test
    void javaPipelinesHaveNoPositions() {
        Pipeline p = Pipeline.named("p").stage("a", "nope").build();
        PipelineValidator.Result r = PipelineValidator.validate(p, CATALOGUE, null);
        assertThat(r.valid()).isFalse();
        assertThat(r.problems().getFirst().line()).isZero();
    }
}
