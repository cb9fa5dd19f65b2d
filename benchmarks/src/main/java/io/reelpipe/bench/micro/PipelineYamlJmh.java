package io.reelpipe.bench.micro;

import io.reelpipe.pipeline.model.PipelineYaml;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.yaml.snakeyaml.Yaml;

/** PipelineYaml.parse (YAML -> validated DAG with positions) vs SnakeYAML's plain load of the same text. */
@State(Scope.Benchmark)
public class PipelineYamlJmh {

    public static final String AD_STANDARD = """
            pipeline: ad-standard
            version: 3
            stages:
              transcode:  { filter: transcode, with: { ladder: [1080p, 720p, 480p, 360p], formats: [hls, mp4] } }
              thumbnails: { filter: thumbnail, with: { poster: auto, sprite: { every: 2s, columns: 10 } } }
              subtitles:  { filter: subtitle,  with: { languages: [en], source: auto } }
              keywords:   { filter: keyword,   needs: [subtitles], with: { top: 20 } }
            """;

    @Benchmark
    public Object pipelineYaml() {
        return PipelineYaml.parse(AD_STANDARD);
    }

    @Benchmark
    public Object snakeYamlLoad() {
        return new Yaml().load(AD_STANDARD);
    }
}
