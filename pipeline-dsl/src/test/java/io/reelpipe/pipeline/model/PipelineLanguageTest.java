package io.reelpipe.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The language additions: when, timeout, retries, priority, typed parameters, unreachable stages, lint. */
class PipelineLanguageTest {

    static final String FULL = """
            pipeline: ad-full
            version: 2
            stages:
              transcode:
                filter: transcode
                with: { ladder: [720p, 360p], formats: [hls], segmentSeconds: 4 }
                timeout: 2h
                retries: 5
                priority: high
              thumbnails: { filter: thumbnail, with: { poster: auto } }
              subtitles:
                filter: subtitle
                when: media.hasAudio && media.duration > 30s
                with: { languages: en }
              keywords: { filter: keyword, needs: [subtitles, thumbnails], with: { top: 20 } }
            """;

    @Test
    void parsesPolicyAndConditions() {
        Pipeline p = PipelineYaml.parse(FULL, FilterCatalogue.builtIn());
        StageDefinition t = p.requireStage("transcode");
        assertThat(t.timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(t.retries()).isEqualTo(5);
        assertThat(t.maxAttempts(3)).isEqualTo(6);
        assertThat(t.priority()).isEqualTo(StageDefinition.Priority.HIGH);
        assertThat(p.requireStage("thumbnails").effectivePriority()).isEqualTo(StageDefinition.Priority.NORMAL);
        assertThat(p.requireStage("thumbnails").maxAttempts(3)).isEqualTo(3);
        assertThat(p.requireStage("subtitles").when()).isEqualTo("media.hasAudio && media.duration > 30s");

        Pipeline java = Pipeline.named("ad-full").version(2)
                .stage("transcode", "transcode", Map.of("ladder", List.of("720p", "360p"), "formats", List.of("hls"),
                        "segmentSeconds", 4))
                .timeout("transcode", Duration.ofHours(2)).retries("transcode", 5)
                .priority("transcode", StageDefinition.Priority.HIGH)
                .stage("thumbnails", "thumbnail", Map.of("poster", "auto"))
                .stage("subtitles", "subtitle", Map.of("languages", "en"))
                .when("subtitles", "media.hasAudio && media.duration > 30s")
                .stage("keywords", "keyword", Map.of("top", 20), "subtitles", "thumbnails")
                .build();
        assertThat(java).isEqualTo(p);
    }

    @Test
    void dryRunShowsWhichStagesRun() {
        Pipeline p = PipelineYaml.parse(FULL).pipeline();
        List<Pipeline.StagePlan> silent = p.plan(Map.of("durationSeconds", 60.0, "audioStreams", List.of()));
        assertThat(silent).filteredOn(Pipeline.StagePlan::runs).extracting(Pipeline.StagePlan::name)
                .containsExactlyInAnyOrder("transcode", "thumbnails", "keywords");
        assertThat(silent).filteredOn(s -> s.name().equals("subtitles")).singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("condition is false"));
        assertThat(p.plan(Map.of("durationSeconds", 60.0, "audioStreams", List.of(Map.of("codec", "aac")))))
                .allMatch(Pipeline.StagePlan::runs);
    }

    @Test
    void lintReportsEveryProblemWithLineAndColumn() {
        String text = """
                pipeline: broken
                stages:
                  a:
                    filter: transcode
                    with: { segmentSeconds: four, ladder: 720p, colour: red }
                    needs: [c]
                  b:
                    filter: nosuchfilter
                  c:
                    filter: keyword
                    needs: [a, ghost]
                    when: media.duration >> 3
                  d:
                    filter: thumbnail
                    when: "false"
                  e:
                    filter: subtitle
                    needs: d
                    timeout: soon
                    retries: -1
                    priority: urgent
                """;
        List<PipelineProblem> problems = PipelineYaml.lint(text, FilterCatalogue.builtIn());
        assertThat(problems).extracting(PipelineProblem::toString).containsExactlyInAnyOrder(
                "5:29: stages.a.with.segmentSeconds: parameter 'segmentSeconds' of filter 'transcode' must be a whole number, got 'four'",
                "5:43: stages.a.with.ladder: parameter 'ladder' of filter 'transcode' must be a list, got '720p'",
                "5:57: stages.a.with.colour: unknown parameter 'colour' for filter 'transcode' (accepted: chunking, encoder, formats, ladder, loudness, preset, segmentSeconds)",
                "6:12: stages.a.needs: cycle: a -> c -> a",
                "8:13: stages.b.filter: unknown filter 'nosuchfilter' (known: keyword, ocr, subtitle, thumbnail, transcode)",
                "11:16: stages.c.needs[1]: stage 'c' needs 'ghost', which is not a stage of this pipeline",
                "12:27: stages.c.when: invalid condition: expected a value but found '>'",
                "15:11: stages.d.when: unreachable: stage 'd' never runs, its condition is always false (its dependants [e] run without it)",
                "19:14: stages.e.timeout: 'timeout' must be a duration such as 90s, 10m or 2h; got 'soon'",
                "20:14: stages.e.retries: 'retries' must be between 0 and 100, got -1",
                "21:15: stages.e.priority: 'priority' must be one of high, normal, low; got 'urgent'");
    }

    @Test
    void jsonIsAcceptedToo() {
        String json = """
                {"pipeline": "j", "stages": {"a": {"filter": "keyword", "with": {"top": "x"}}}}
                """;
        assertThat(PipelineYaml.lint(json, FilterCatalogue.builtIn())).extracting(PipelineProblem::toString)
                .containsExactly("1:73: stages.a.with.top: parameter 'top' of filter 'keyword' must be a whole number, got 'x'");
    }

    @Test
    void parameterTypesAreDerivedFromRecords() {
        record Nested(int n) { }
        enum Mode { FAST, SLOW }
        record Params(String s, Integer i, double d, Boolean b, List<String> l, Nested nested, Mode mode,
                      @com.fasterxml.jackson.annotation.JsonAlias("legacy") Duration every) { }
        assertThat(ParameterTypes.of(Params.class)).containsExactly(
                Map.entry("s", "string"), Map.entry("i", "integer"), Map.entry("d", "number"), Map.entry("b", "boolean"),
                Map.entry("l", "list"), Map.entry("nested", "object"), Map.entry("mode", "enum:FAST,SLOW"),
                Map.entry("every", "duration"), Map.entry("legacy", "duration"));
        assertThat(ParameterTypes.check("enum:FAST,SLOW", "fast")).isNull();
        assertThat(ParameterTypes.check("enum:FAST,SLOW", "medium")).isEqualTo("must be one of fast, slow, got 'medium'");
        assertThat(ParameterTypes.check("integer", 2.5)).isEqualTo("must be a whole number, got 2.5");
        assertThat(ParameterTypes.check("list-or-single", "en")).isNull();
    }
}
