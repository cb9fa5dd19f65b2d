package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.internal.ParameterBinder;
import io.reelpipe.pipeline.testing.LocalStageContext;
import io.reelpipe.transcode.support.M3u8Checker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunked encoding (threshold lowered) against the single-pass encode of the same clip. */
class ChunkedTranscodeTest {

    @TempDir
    Path tmp;

    final TranscodeFilter filter = new TranscodeFilter();

    LocalStageContext<TranscodeParameters> context(Path source, String asset, Map<String, Object> with) {
        return context(source, asset, with, name -> false);
    }

    LocalStageContext<TranscodeParameters> context(Path source, String asset, Map<String, Object> with,
                                                   java.util.function.Predicate<String> failUploads) {
        return LocalStageContext.builder("transcode", ParameterBinder.bind("transcode", with, TranscodeParameters.class))
                .bucket(tmp.resolve("bucket")).scratch(tmp.resolve("scratch-" + asset + "-" + System.nanoTime()))
                .tenant("acme").asset(asset).source(source).failUploads(failUploads).build();
    }

    @Test
    void chunkedOutputMatchesSinglePassAndResumesFromCheckpoints() throws Exception {
        Path src = SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(6)).audioChannels(2)
                .build().write(tmp.resolve("long.mp4"));
        Map<String, Object> base = new HashMap<>(Map.of(
                "ladder", List.of(Map.of("name", "180p", "width", 320, "height", 180, "videoBitrate", "300k"), "144p"),
                "segmentSeconds", 1, "preset", "ultrafast"));
        Map<String, Object> single = new HashMap<>(base);
        single.put("chunking", Map.of("enabled", false));
        Map<String, Object> chunked = new HashMap<>(base);
        chunked.put("chunking", Map.of("thresholdSeconds", 2, "chunkSeconds", 2));

        var one = context(src, "single", single);
        filter.run(one).block(Duration.ofMinutes(2));
        var ctx = context(src, "chunked", chunked);
        StageResult r = filter.run(ctx).block(Duration.ofMinutes(2));

        Map<?, ?> ch = (Map<?, ?>) r.details().get("chunking");
        assertThat(ch.get("chunked")).isEqualTo(true);
        assertThat(ch.get("chunks")).isEqualTo(3);
        assertThat(ch.get("restoredFromCheckpoint")).isEqualTo(0);

        List<M3u8Checker.Media> chunkedMedia = TranscodeFilterTest.checkHls(ctx, List.of("320x180", "256x144"), true);
        List<M3u8Checker.Media> singleMedia = TranscodeFilterTest.checkHls(one, List.of("320x180", "256x144"), true);
        for (int v = 0; v < 2; v++) {
            List<Double> a = chunkedMedia.get(v).durations();
            List<Double> b = singleMedia.get(v).durations();
            assertThat(a).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i)).as("segment %d", i).isCloseTo(b.get(i), within(0.05));
            }
            assertThat(chunkedMedia.get(v).total()).isCloseTo(6.0, within(0.1));
        }
        TranscodeFilterTest.checkMp4(ctx.object("mp4/180p.mp4"), 320, 180, true, 6.0);
        TranscodeFilterTest.checkMp4(ctx.object("mp4/144p.mp4"), 256, 144, true, 6.0);
        assertThat(r.outputs()).noneMatch(o -> o.name().startsWith("chunks/"));
        // once every output is stored the checkpoints are removed: they would double a long video's storage
        for (String id : List.of("00000", "00001", "00002")) {
            assertThat(ctx.object("chunks/" + id + "/chunk.json")).doesNotExist();
            assertThat(ctx.object("chunks/" + id + "/180p.ts")).doesNotExist();
        }

        // storage fails while the outputs are uploaded: the attempt fails, its chunks stay checkpointed
        var failing = context(src, "chunked", chunked, name -> name.equals("hls/master.m3u8"));
        assertThatThrownBy(() -> filter.run(failing).block(Duration.ofMinutes(2))).hasMessageContaining("master.m3u8");
        for (String id : List.of("00000", "00001", "00002")) {
            assertThat(ctx.object("chunks/" + id + "/chunk.json")).exists();
            assertThat(ctx.object("chunks/" + id + "/180p.ts")).exists();
        }
        // the retry restores every chunk, encodes none
        var again = context(src, "chunked", chunked);
        StageResult r2 = filter.run(again).block(Duration.ofMinutes(2));
        assertThat(((Map<?, ?>) r2.details().get("chunking")).get("restoredFromCheckpoint")).isEqualTo(3);
        TranscodeFilterTest.checkHls(again, List.of("320x180", "256x144"), true);

        // a worker killed while encoding chunk 1 left no chunk manifest for it: only that chunk is encoded again
        var killed = context(src, "chunked", chunked, name -> name.equals("hls/master.m3u8"));
        assertThatThrownBy(() -> filter.run(killed).block(Duration.ofMinutes(2))).isNotNull();
        Files.delete(ctx.object("chunks/00001/chunk.json"));
        var resumed = context(src, "chunked", chunked);
        StageResult r3 = filter.run(resumed).block(Duration.ofMinutes(2));
        assertThat(((Map<?, ?>) r3.details().get("chunking")).get("restoredFromCheckpoint")).isEqualTo(2);
        TranscodeFilterTest.checkHls(resumed, List.of("320x180", "256x144"), true);
    }
}
