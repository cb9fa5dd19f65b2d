package io.reelpipe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegTest {

    @TempDir
    static Path dir;
    static Path clip;
    static final Ffmpeg ffmpeg = Ffmpeg.bundled();

    @BeforeAll
    static void writeClip() {
        clip = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds(4)).build()
                .write(dir.resolve("source.mp4"));
    }

    @Test
    void bundledBinaryIsThere() {
        assertThat(ffmpeg.binary()).isExecutable();
    }

    @Test
    void transcodesWithMonotonicProgress() {
        Path out = dir.resolve("small.mp4");
        List<FfmpegProgress> reports = new CopyOnWriteArrayList<>();
        FfmpegResult result = ffmpeg.run(FfmpegCommand.builder()
                        .input(clip)
                        // -re slows reading to real time so that ffmpeg reports progress several times
                        .args("-vf", "scale=320:180", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac")
                        .output(out)
                        .expectedDuration(Duration.ofSeconds(4))
                        .build(),
                reports::add, CancellationCheck.NEVER);

        assertThat(result.commandLine()).contains("scale=320:180");
        assertThat(reports).isNotEmpty();
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).fraction()).isGreaterThanOrEqualTo(reports.get(i - 1).fraction());
        }
        FfmpegProgress last = reports.getLast();
        assertThat(last.done()).isTrue();
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(last.processed().toMillis()).isCloseTo(4000, within(200L));
        assertThat(reports).allSatisfy(p -> assertThat(p.fraction()).isBetween(0.0, 1.0));

        MediaInfo info = MediaProbe.probe(out);
        VideoStream v = info.requireVideo();
        assertThat(v.width()).isEqualTo(320);
        assertThat(v.height()).isEqualTo(180);
        assertThat(info.duration().toMillis()).isCloseTo(4000, within(150L));
        assertThat(info.audio().orElseThrow().channels()).isEqualTo(2);
    }

    @Test
    void progressIsReportedWhileRunning() {
        // a real-time paced run of 3 s must report progress several times before the end
        List<FfmpegProgress> reports = new CopyOnWriteArrayList<>();
        ffmpeg.run(FfmpegCommand.builder()
                        .args("-re", "-f", "lavfi").input("testsrc2=size=160x90:rate=25:duration=3")
                        .args("-c:v", "libx264", "-preset", "ultrafast", "-f", "null").output("-")
                        .expectedDuration(Duration.ofSeconds(3)).build(),
                reports::add, CancellationCheck.NEVER);
        List<Double> midway = reports.stream().filter(p -> !p.done()).map(FfmpegProgress::fraction).toList();
        assertThat(midway).hasSizeGreaterThanOrEqualTo(3);
        assertThat(midway).isSorted();
        assertThat(midway.getLast()).isBetween(0.5, 1.0);
        assertThat(reports.getLast().fraction()).isEqualTo(1.0);
    }

    @Test
    void cancellationKillsFfmpegPromptly() {
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicLong cancelledAt = new AtomicLong();
        Path out = dir.resolve("never.mp4");
        FfmpegCommand endless = FfmpegCommand.builder()
                .args("-re", "-f", "lavfi").input("testsrc2=size=320x180:rate=25")
                .args("-c:v", "libx264", "-preset", "ultrafast").output(out)
                .expectedDuration(Duration.ofMinutes(10)).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ffmpeg.run(endless, p -> {
            if (p.processed().toMillis() > 500 && cancel.compareAndSet(false, true)) {
                cancelledAt.set(System.nanoTime());
            }
        }, cancel::get))
                .isInstanceOf(MediaCancelledException.class)
                .hasMessageContaining("cancelled");
        long afterCancelMs = (System.nanoTime() - cancelledAt.get()) / 1_000_000;
        assertThat(afterCancelMs).isLessThan(1000);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))
                .count()).isZero();
    }

    @Test
    void interruptingTheCallerCancels() throws Exception {
        FfmpegCommand endless = FfmpegCommand.builder()
                .args("-re", "-f", "lavfi").input("testsrc2=size=160x90:rate=25")
                .args("-f", "null").output("-").build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<FfmpegResult> running = pool.submit(() -> ffmpeg.run(endless));
            Thread.sleep(700);
            long t0 = System.nanoTime();
            running.cancel(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))
                .count()).isZero();
    }

    @Test
    void failureKeepsFfmpegsWordsAndTheCommandLine() {
        Path missing = dir.resolve("does-not-exist.mp4");
        assertThatThrownBy(() -> ffmpeg.run(FfmpegCommand.builder().input(missing).output(dir.resolve("x.mp4")).build()))
                .isInstanceOfSatisfying(FfmpegFailedException.class, e -> {
                    System.out.println("failure message: " + e.getMessage());
                    assertThat(e.getMessage()).startsWith("ffmpeg failed (exit ")
                            .contains("No such file or directory");
                    assertThat(e.exitCode()).isNotZero();
                    assertThat(e.commandLine()).contains(missing.toString());
                    assertThat(e.stderrTail()).isNotEmpty();
                    assertThat(e.permanent()).isFalse();
                });
    }

    @Test
    void badFilterIsExplained() {
        assertThatThrownBy(() -> ffmpeg.run(FfmpegCommand.builder().input(clip)
                .args("-vf", "scale=nonsense_expression", "-f", "null").output("-").build()))
                .isInstanceOf(FfmpegFailedException.class)
                .satisfies(e -> System.out.println("bad filter: " + e.getMessage()))
                .hasMessageContaining("nonsense_expression");
    }

    @Test
    void presignedUrlQueriesNeverReachTheLoggedCommandLine() {
        String url = "http://127.0.0.1:9000/reelpipe/acme/a1/source/original?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=key%2F20261122&X-Amz-Signature=0123456789abcdef";
        String line = Ffmpeg.quote(List.of("ffmpeg", "-ss", "12.0", "-i", url, "-f", "mpegts", "/tmp/out.ts"));
        assertThat(line).contains("http://127.0.0.1:9000/reelpipe/acme/a1/source/original?<redacted>")
                .doesNotContain("X-Amz-Signature").doesNotContain("0123456789abcdef").contains("/tmp/out.ts");
        // not URLs: untouched, even with a '?'
        assertThat(Ffmpeg.quote(List.of("select=eq(n\\,0)?1:0"))).contains("select=eq");
        assertThat(Ffmpeg.redactQuery("/tmp/file?.mp4")).isEqualTo("/tmp/file?.mp4");
        // FFmpeg's own error lines name the input too
        assertThat(Ffmpeg.redactQuery("[in#0 @ 0x1] Error opening input " + url + ": Server returned 403 Forbidden"))
                .isEqualTo("[in#0 @ 0x1] Error opening input http://127.0.0.1:9000/reelpipe/acme/a1/source/original"
                        + "?<redacted>: Server returned 403 Forbidden");
    }

    @Test
    void quotesTheCommandLineForLogs() {
        assertThat(Ffmpeg.quote(List.of("ffmpeg", "-i", "/tmp/a b.mp4", "-vf", "scale=320:-2", "it's")))
                .isEqualTo("ffmpeg -i '/tmp/a b.mp4' -vf scale=320:-2 'it'\\''s'");
    }

    @Test
    void outputExists() throws Exception {
        Path out = dir.resolve("copy.mp4");
        FfmpegResult r = ffmpeg.run(FfmpegCommand.builder().input(clip).args("-c", "copy").output(out)
                .expectedDuration(Duration.ofSeconds(4)).build());
        assertThat(Files.size(out)).isPositive();
        assertThat(r.processed().toMillis()).isCloseTo(4000, within(200L));
    }
}
