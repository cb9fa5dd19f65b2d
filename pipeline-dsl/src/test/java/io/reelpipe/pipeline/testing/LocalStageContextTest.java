package io.reelpipe.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStageContextTest {

    @TempDir
    Path tmp;

    @Test
    void objectsLieAtTheirRealKeys() throws Exception {
        Path video = Files.writeString(tmp.resolve("clip.mp4"), "not really a video");
        var ctx = LocalStageContext.builder("thumbnail", "params").root(tmp.resolve("run")).source(video)
                .metadata(Map.of("title", "t")).build();

        assertThat(ctx.task().jobId()).isEqualTo("job-asset-1");
        assertThat(ctx.tenant()).isEqualTo("acme");
        assertThat(ctx.task().metadata()).containsEntry("title", "t");
        assertThat(ctx.source()).isEqualTo(new ObjectRef("reelpipe", "acme/asset-1/source/original", 18, "video/mp4",
                "etag-18"));
        Path in = ctx.download(ctx.source()).block();
        assertThat(in).startsWith(ctx.scratch().resolve("in")).hasContent("not really a video");
        assertThatThrownBy(() -> ctx.download(new ObjectRef("reelpipe", "acme/asset-1/x/y", -1, null, null)).block())
                .hasCauseInstanceOf(NoSuchFileException.class);

        OutputFile o = ctx.upload("a/b.txt", video, "text/plain", Map.of()).block();
        assertThat(o.key()).isEqualTo("acme/asset-1/thumbnail/a/b.txt");
        assertThat(ctx.object("a/b.txt")).isEqualTo(ctx.bucket().resolve(o.key()));
        assertThat(ctx.read("a/b.txt")).isEqualTo("not really a video");
        assertThat(ctx.uploads()).containsOnlyKeys("a/b.txt");
        ctx.delete("a/b.txt").block();
        ctx.delete("a/b.txt").block();
        assertThat(ctx.object("a/b.txt")).doesNotExist();
        assertThat(ctx.share("w", java.util.List.of("p"), Map.of()).block()).isNotNull();
        assertThat(ctx.readUrl(ctx.source(), java.time.Duration.ofMinutes(1)).blockOptional()).isEmpty();
    }

    @Test
    void progressCancellationAndFailingUploads() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        var ctx = LocalStageContext.builder("transcode", "p").bucket(tmp.resolve("b")).scratch(tmp.resolve("s"))
                .cancelWhenProgress(p -> p > 0.5).failUploads(n -> n.startsWith("bad")).build();
        assertThat(ctx.source().size()).isEqualTo(-1);
        ctx.progress(0.2);
        ctx.progress(0.4);
        assertThat(ctx.cancelled()).isFalse();
        assertThat(ctx.progressDecreased()).isFalse();
        ctx.progress(0.6);
        ctx.progress(0.3);
        assertThat(ctx.cancelled()).isTrue();
        assertThat(ctx.progressReports()).containsExactly(0.2, 0.4, 0.6, 0.3);
        assertThat(ctx.highestProgress()).isEqualTo(0.6);
        assertThat(ctx.progressDecreased()).isTrue();
        assertThatThrownBy(() -> ctx.upload("bad.txt", file, "text/plain", Map.of()).block())
                .hasCauseInstanceOf(IOException.class);
        assertThat(ctx.uploads()).isEmpty();
        assertThat(ctx.object("bad.txt")).doesNotExist();
    }
}
