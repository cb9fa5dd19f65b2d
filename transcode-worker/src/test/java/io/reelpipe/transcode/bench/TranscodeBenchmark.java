package io.reelpipe.transcode.bench;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.MediaProbe;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.transcode.TranscodeSpec;
import io.reelpipe.transcode.chunk.ChunkCheckpoints;
import io.reelpipe.transcode.chunk.ChunkPlan;
import io.reelpipe.transcode.chunk.ChunkedTranscoder;
import io.reelpipe.transcode.encoder.VideoEncoder;
import io.reelpipe.transcode.hls.HlsLadderTranscoder;
import io.reelpipe.transcode.ladder.LadderPlan;
import io.reelpipe.transcode.ladder.LadderPlanner;
import io.reelpipe.transcode.ladder.RungSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Worker vs Debian's {@code ffmpeg} CLI on the same input, same ladder, same settings, in the same run.
 * Not a test (no Test suffix): run it with a main method, e.g.
 *
 * <pre>
 * ./mvnw -B -q -o -pl transcode-worker test-compile
 * java -cp transcode-worker/target/test-classes:transcode-worker/target/classes:$(cat cp.txt) \
 *     io.reelpipe.transcode.bench.TranscodeBenchmark seconds=60 width=1920 height=1080 chunkSeconds=20
 * </pre>
 *
 * Parameters ({@code key=value}): {@code seconds} (60), {@code width}/{@code height} (1920x1080), {@code fps} (30),
 * {@code ladder} (1080p,720p,480p,360p), {@code preset} (veryfast), {@code segment} (4), {@code chunkSeconds} (20),
 * {@code baseline} (/usr/bin/ffmpeg), {@code chunked} (true).
 *
 * <p>"reelpipe" runs the worker's {@link HlsLadderTranscoder} (the bundled FFmpeg 8 binary driven by the worker's
 * command: one decode, split + scale per rung, aligned GOPs, HLS per rung); "baseline" runs the very same argument
 * list with the baseline binary. Chunked mode compares one worker encoding every chunk against two concurrent
 * chunk workers sharing the chunk list (as two pods would), stitch included.
 */
public final class TranscodeBenchmark {

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                a.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int width = Integer.parseInt(a.getOrDefault("width", "1920"));
        int height = Integer.parseInt(a.getOrDefault("height", "1080"));
        int fps = Integer.parseInt(a.getOrDefault("fps", "30"));
        String preset = a.getOrDefault("preset", "veryfast");
        int segment = Integer.parseInt(a.getOrDefault("segment", "4"));
        double chunkSeconds = Double.parseDouble(a.getOrDefault("chunkSeconds", "20"));
        List<RungSpec> ladder = List.of(a.getOrDefault("ladder", "1080p,720p,480p,360p").split(",")).stream()
                .map(RungSpec::named).toList();
        Ffmpeg baseline = new Ffmpeg(Path.of(a.getOrDefault("baseline", "/usr/bin/ffmpeg")));
        boolean chunked = Boolean.parseBoolean(a.getOrDefault("chunked", "true"));

        Path dir = Files.createTempDirectory("reelpipe-bench");
        long tg = System.nanoTime();
        Path src = SyntheticVideo.builder().size(width, height).fps(fps).duration(Duration.ofSeconds(seconds))
                .audioChannels(2).crf(18).build().write(dir.resolve("input.mp4"));
        System.out.printf(Locale.ROOT, "input: %dx%d %d fps %d s stereo AAC, generated in %.1f s (%s)%n", width, height,
                fps, seconds, (System.nanoTime() - tg) / 1e9, src);
        MediaInfo info = MediaProbe.probe(src);
        LadderPlan plan = LadderPlanner.plan(ladder, info.requireVideo());
        TranscodeSpec spec = new TranscodeSpec(src, info.duration(), info.requireVideo().frameRate(), plan.rungs(),
                new TranscodeSpec.AudioSpec(null), 128_000, segment, VideoEncoder.X264, preset);
        System.out.println("ladder: " + plan.rungs().stream().map(r -> r.name() + " " + r.width() + "x" + r.height()
                + " " + r.videoBitrate() / 1000 + "k").toList() + ", segment " + segment + " s, libx264 " + preset);

        Ffmpeg ours = Ffmpeg.bundled();
        double media = info.duration().toMillis() / 1000.0;
        // warm-up (natives extracted, page cache)
        ours.run(FfmpegCommand.of(null, "-i", src.toString(), "-t", "1", "-f", "null", "-"));
        baseline.run(FfmpegCommand.of(null, "-i", src.toString(), "-t", "1", "-f", "null", "-"));

        double tOurs = time(() -> new HlsLadderTranscoder(ours).transcode(spec, dir.resolve("ours"),
                ProgressListener.NONE, CancellationCheck.NEVER));
        double tBase = time(() -> {
            FfmpegCommand cmd = HlsLadderTranscoder.command(spec, dir.resolve("base"));
            for (var r : spec.variants()) {
                Files.createDirectories(dir.resolve("base").resolve(r.name()));
            }
            baseline.run(cmd);
            return null;
        });
        System.out.println();
        System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "%-44s %12s %12s %8s%n", "figure", "reelpipe", "baseline", "ratio");
        row("HLS 4-rung ladder, one pass: wall s", tOurs, tBase, tBase / tOurs);
        row("HLS 4-rung ladder, one pass: x realtime", media / tOurs, media / tBase, (media / tOurs) / (media / tBase));

        if (chunked) {
            ChunkPlan cp = ChunkPlan.of(media, chunkSeconds, segment);
            double t1 = time(() -> new ChunkedTranscoder(ours).transcode(spec, cp, 1, "bench", ChunkCheckpoints.NONE,
                    dir.resolve("c1"), dir.resolve("c1hls"), ProgressListener.NONE, CancellationCheck.NEVER));
            double t2 = time(() -> new ChunkedTranscoder(ours).transcode(spec, cp, 2, "bench", ChunkCheckpoints.NONE,
                    dir.resolve("c2"), dir.resolve("c2hls"), ProgressListener.NONE, CancellationCheck.NEVER));
            System.out.printf(Locale.ROOT, "%-44s %12s %12s %8s%n", "chunked (" + cp.chunks().size() + " chunks of "
                    + (int) cp.chunkSeconds() + " s)", "2 workers", "1 worker", "speed-up");
            row("chunked: wall s", t2, t1, t1 / t2);
            row("chunked: x realtime", media / t2, media / t1, t1 / t2);
        }
        System.out.println("(outputs kept in " + dir + ")");
    }

    private static void row(String name, double a, double b, double ratio) {
        System.out.printf(Locale.ROOT, "%-44s %12.2f %12.2f %8.2f%n", name, a, b, ratio);
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
