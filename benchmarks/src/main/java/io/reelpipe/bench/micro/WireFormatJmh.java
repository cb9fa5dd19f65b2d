package io.reelpipe.bench.micro;

import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/** StageTask encode/decode with WireFormat vs plain Jackson of the equivalent Map (same JSON bytes). */
@State(Scope.Benchmark)
public class WireFormatJmh {

    StageTask task;
    byte[] taskJson;
    Map<String, Object> map;
    byte[] mapJson;
    final JsonMapper plain = JsonMapper.builder().build();

    /** A task for the join stage of DESIGN.md's ad-standard pipeline, with one upstream manifest. */
    public static StageTask sampleTask() {
        Pipeline p = Pipeline.named("ad-standard").version(3)
                .stage("transcode", "transcode", Map.of("ladder", List.of("1080p", "720p", "480p", "360p"), "formats", List.of("hls", "mp4")))
                .stage("thumbnails", "thumbnail", Map.of("poster", "auto", "sprite", Map.of("every", "2s", "columns", 10)))
                .stage("subtitles", "subtitle", Map.of("languages", List.of("en"), "source", "auto"))
                .stage("keywords", "keyword", Map.of("top", 20), "subtitles")
                .build();
        ObjectRef src = new ObjectRef("reelpipe", "acme/asset-1/source/original", 52_428_800L, "video/mp4", "\"etag-1\"");
        StageManifest subtitles = new StageManifest(StageManifest.SCHEMA_VERSION, "job-1", "asset-1", "acme",
                "subtitles", "subtitle", List.of(new OutputFile("en.vtt", "acme/asset-1/subtitles/en.vtt", "text/vtt",
                        2048, Map.of("language", "en"))), Map.of("engine", "sphinx4"), Instant.parse("2026-11-21T12:00:00Z"));
        return new StageTask(StageTask.SCHEMA_VERSION, "job-1", "asset-1", "acme", p, "keywords", 1, src,
                Map.of("subtitles", subtitles),
                Map.of("formatName", "mov,mp4,m4a,3gp,3g2,mj2", "durationSeconds", 30.0, "width", 1920, "height", 1080),
                Map.of("filename", "spring-ad.mp4", "title", "Spring ad"),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Instant.parse("2026-11-21T12:00:01Z"));
    }

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        task = sampleTask();
        taskJson = WireFormat.write(task);
        map = plain.readValue(taskJson, Map.class);
        mapJson = plain.writeValueAsBytes(map);
    }

    @Benchmark
    public byte[] encodeTask() {
        return WireFormat.write(task);
    }

    @Benchmark
    public byte[] encodeMap() {
        return plain.writeValueAsBytes(map);
    }

    @Benchmark
    public StageTask decodeTask() {
        return WireFormat.readTask(taskJson);
    }

    @Benchmark
    public Object decodeMap() {
        return plain.readValue(mapJson, Map.class);
    }
}
