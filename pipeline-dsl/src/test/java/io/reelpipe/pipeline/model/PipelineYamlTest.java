package io.reelpipe.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineYamlTest {

    static final String DESIGN_EXAMPLE = """
            pipeline: ad-standard
            version: 3
            stages:
              transcode:  { filter: transcode, with: { ladder: [1080p, 720p, 480p, 360p], formats: [hls, mp4] } }
              thumbnails: { filter: thumbnail, with: { poster: auto, sprite: { every: 2s, columns: 10 } } }
              subtitles:  { filter: subtitle,  with: { languages: [en], source: auto } }
              keywords:   { filter: keyword,   needs: [subtitles], with: { top: 20 } }
            """;

    @Test
    void parsesTheDesignExample() {
        Pipeline p = PipelineYaml.parse(DESIGN_EXAMPLE).pipeline();
        assertThat(p.name()).isEqualTo("ad-standard");
        assertThat(p.version()).isEqualTo(3);
        assertThat(p.stages()).extracting(StageDefinition::name)
                .containsExactly("transcode", "thumbnails", "subtitles", "keywords");
        assertThat(p.roots()).extracting(StageDefinition::name).containsExactly("transcode", "thumbnails", "subtitles");
        StageDefinition keywords = p.requireStage("keywords");
        assertThat(keywords.filter()).isEqualTo("keyword");
        assertThat(keywords.needs()).containsExactly("subtitles");
        assertThat(keywords.with()).containsEntry("top", 20);
        assertThat(p.requireStage("transcode").with().get("ladder")).isEqualTo(List.of("1080p", "720p", "480p", "360p"));
        assertThat(p.requireStage("thumbnails").with().get("sprite")).isEqualTo(Map.of("every", "2s", "columns", 10));
        assertThat(p.topologicalOrder().indexOf("keywords")).isGreaterThan(p.topologicalOrder().indexOf("subtitles"));
    }

    @Test
    void javaBuilderBuildsTheSameModel() {
        Pipeline yaml = PipelineYaml.parse(DESIGN_EXAMPLE).pipeline();
        Pipeline java = Pipeline.named("ad-standard").version(3)
                .stage("transcode", "transcode", Map.of("ladder", List.of("1080p", "720p", "480p", "360p"),
                        "formats", List.of("hls", "mp4")))
                .stage("thumbnails", "thumbnail", Map.of("poster", "auto", "sprite", Map.of("every", "2s", "columns", 10)))
                .stage("subtitles", "subtitle", Map.of("languages", List.of("en"), "source", "auto"))
                .stage("keywords", "keyword", Map.of("top", 20), "subtitles")
                .build();
        assertThat(java).isEqualTo(yaml);
    }

    @Test
    void unknownKeyIsReportedWithLineAndColumn() {
        String text = """
                pipeline: p
                version: 1
                stages:
                  a:
                    filter: transcode
                    nedds: [b]
                """;
        assertThatThrownBy(() -> PipelineYaml.parse(text))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    PipelineProblem pr = e.problems().getFirst();
                    assertThat(pr.line()).isEqualTo(6);
                    assertThat(pr.column()).isEqualTo(5);
                    assertThat(pr.path()).isEqualTo("stages.a.nedds");
                    assertThat(pr.message()).contains("unknown key 'nedds'");
                    assertThat(e.getMessage()).startsWith("6:5: stages.a.nedds:");
                });
    }

    @Test
    void unknownTopLevelKey() {
        assertThatThrownBy(() -> PipelineYaml.parse("pipeline: p\nstagez: {}\nstages: { a: { filter: f } }\n"))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> {
                    PipelineProblem pr = e.problems().getFirst();
                    assertThat(pr.line()).isEqualTo(2);
                    assertThat(pr.column()).isEqualTo(1);
                    assertThat(pr.message()).contains("unknown key 'stagez'");
                });
    }

    @Test
    void cycleIsRejected() {
        String text = """
                pipeline: p
                stages:
                  a: { filter: f, needs: [c] }
                  b: { filter: f, needs: [a] }
                  c: { filter: f, needs: [b] }
                """;
        assertThatThrownBy(() -> PipelineYaml.parse(text))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    PipelineProblem pr = e.problems().getFirst();
                    assertThat(pr.message()).startsWith("cycle: ").contains("a").contains("b").contains("c");
                    assertThat(pr.line()).isEqualTo(3);
                });
    }

    @Test
    void missingNeedPointsAtTheNeed() {
        String text = """
                pipeline: p
                stages:
                  a: { filter: f }
                  b: { filter: f, needs: [a, x] }
                """;
        assertThatThrownBy(() -> PipelineYaml.parse(text))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> {
                    PipelineProblem pr = e.problems().getFirst();
                    assertThat(pr.path()).isEqualTo("stages.b.needs[1]");
                    assertThat(pr.line()).isEqualTo(4);
                    assertThat(pr.column()).isEqualTo(30);
                    assertThat(pr.message()).contains("needs 'x', which is not a stage");
                });
    }

    @Test
    void badYamlSyntaxHasLineAndColumn() {
        String text = "pipeline: p\nstages:\n  a: { filter: f\n  b: [\n";
        assertThatThrownBy(() -> PipelineYaml.parse(text))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> {
                    PipelineProblem pr = e.problems().getFirst();
                    assertThat(pr.message()).startsWith("not valid YAML");
                    assertThat(pr.line()).isGreaterThan(0);
                    assertThat(pr.column()).isGreaterThan(0);
                });
    }

    @Test
    void builderRejectsMissingNeed() {
        assertThatThrownBy(() -> Pipeline.named("p").stage("a", "f", "zzz").build())
                .isInstanceOf(PipelineValidationException.class)
                .hasMessageContaining("needs 'zzz'");
    }
}
