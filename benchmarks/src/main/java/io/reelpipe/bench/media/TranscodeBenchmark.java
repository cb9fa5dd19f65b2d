package io.reelpipe.bench.media;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
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
import java.util.List;
import java.util.Locale;

/**
 * (5) Transcode: the worker's single-pass HLS ladder ({@link HlsLadderTranscoder}: bundled FFmpeg 8 driven by the
 * worker's command) vs the very same argument list run by the ffmpeg CLI ({@code /usr/bin/ffmpeg}), same input, same
 * run. Optionally chunked mode with 2 vs 1 concurrent chunk workers. Absorbed from transcode-worker's
 * {@code TranscodeBenchmark}.
 */
public final class TranscodeBenchmark implements Benchmark {

    @Override
    public String name() {
        return "transcode";
    }

    @Override
    public String description() {
        return "HLS ladder x realtime: transcode-worker (bundled ffmpeg 8) vs the same command on the ffmpeg CLI";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("seconds", 10, "input length"),
                Param.of("width", 1280, "input width"),
                Param.of("height", 720, "input height"),
                Param.of("fps", 30, "input frame rate"),
                Param.of("ladder", "720p,480p,360p", "rungs"),
                Param.of("preset", "veryfast", "x264 preset"),
                Param.of("segment", 4, "HLS segment seconds"),
                Param.of("baseline", "/usr/bin/ffmpeg", "baseline ffmpeg binary"),
                Param.of("chunked", false, "also compare chunked mode, 2 vs 1 concurrent chunk workers"),
                Param.of("chunkSeconds", 4, "chunk length in chunked mode"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int seconds = ctx.intParam("seconds");
        int width = ctx.intParam("width");
        int height = ctx.intParam("height");
        int fps = ctx.intParam("fps");
        String preset = ctx.param("preset");
        int segment = ctx.intParam("segment");
        List<RungSpec> ladder = List.of(ctx.param("ladder").split(",")).stream().map(String::trim).map(RungSpec::named).toList();
        Path baselineBinary = Path.of(ctx.param("baseline"));
        if (!Files.isExecutable(baselineBinary)) {
            throw new IllegalStateException("baseline ffmpeg " + baselineBinary + " not found (apt-get install ffmpeg)");
        }
        Ffmpeg baseline = new Ffmpeg(baselineBinary);

        Path src = input(ctx, width, height, fps, seconds);
        Path dir = ctx.cleanDir("transcode");
        MediaInfo info = MediaProbe.probe(src);
        LadderPlan plan = LadderPlanner.plan(ladder, info.requireVideo());
        TranscodeSpec spec = new TranscodeSpec(src, info.duration(), info.requireVideo().frameRate(), plan.rungs(),
                new TranscodeSpec.AudioSpec(null), 128_000, segment, VideoEncoder.X264, preset);
        String ladderText = plan.rungs().stream().map(r -> r.name() + " " + r.width() + "x" + r.height()).toList().toString();

        Ffmpeg ours = Ffmpeg.bundled();
        double media = info.duration().toMillis() / 1000.0;
        // warm-up: natives extracted, page cache
        ours.run(FfmpegCommand.of(null, "-i", src.toString(), "-t", "1", "-f", "null", "-"));
        baseline.run(FfmpegCommand.of(null, "-i", src.toString(), "-t", "1", "-f", "null", "-"));

        ctx.log("reelpipe ladder %s", ladderText);
        double tOurs = time(() -> new HlsLadderTranscoder(ours).transcode(spec, dir.resolve("ours"),
                ProgressListener.NONE, CancellationCheck.NEVER));
        ctx.log("baseline: same command with %s", baselineBinary);
        double tBase = time(() -> {
            FfmpegCommand cmd = HlsLadderTranscoder.command(spec, dir.resolve("base"));
            for (var r : spec.variants()) {
                Files.createDirectories(dir.resolve("base").resolve(r.name()));
            }
            baseline.run(cmd);
            return null;
        });
        Report rep = new Report(name(), String.format(Locale.ROOT, "HLS ladder %s, %d s %dx%d %d fps synthetic input, "
                + "libx264 %s, %d s segments", ladderText, seconds, width, height, fps, preset, segment));
        rep.row(Row.higherBetter("one pass: x realtime", media / tOurs, media / tBase, "x").withNote("target >= 1.0x ffmpeg"));
        rep.row(Row.lowerBetter("one pass: wall time", tOurs, tBase, "s"));
        if (ctx.boolParam("chunked")) {
            ChunkPlan cp = ChunkPlan.of(media, ctx.doubleParam("chunkSeconds"), segment);
            ctx.log("chunked: %d chunks, 1 then 2 workers", cp.chunks().size());
            double t1 = time(() -> new ChunkedTranscoder(ours).transcode(spec, cp, 1, "bench", ChunkCheckpoints.NONE,
                    dir.resolve("c1"), dir.resolve("c1hls"), ProgressListener.NONE, CancellationCheck.NEVER));
            double t2 = time(() -> new ChunkedTranscoder(ours).transcode(spec, cp, 2, "bench", ChunkCheckpoints.NONE,
                    dir.resolve("c2"), dir.resolve("c2hls"), ProgressListener.NONE, CancellationCheck.NEVER));
            rep.row(Row.higherBetter("chunked (" + cp.chunks().size() + " chunks), 2 workers vs 1: x realtime",
                    media / t2, media / t1, "x").withNote("baseline column = 1 chunk worker"));
        }
        rep.baseline(firstLine(baselineBinary) + " running HlsLadderTranscoder.command(...) unchanged (one decode, split + "
                + "scale per rung, forced keyframes, HLS muxer)");
        rep.note("reelpipe = bundled FFmpeg 8.0.1 (org.bytedeco ffmpeg linux-x86_64-gpl) started by the worker's Ffmpeg "
                + "runner (-progress pipe parsing, cancellation polling); synthetic input compresses far more easily than camera footage");
        return rep;
    }

    /** A synthetic stereo H.264 input of that shape, generated once and cached in the work dir. */
    public static Path input(BenchContext ctx, int width, int height, int fps, int seconds) throws Exception {
        Path src = ctx.workDir().resolve(String.format(Locale.ROOT, "transcode-%dx%d-%dfps-%ds.mp4", width, height, fps,
                seconds));
        if (!Files.exists(src)) {
            ctx.log("generating the input (%dx%d %d fps %d s)", width, height, fps, seconds);
            Path part = ctx.workDir().resolve(src.getFileName() + ".part.mp4");
            SyntheticVideo.builder().size(width, height).fps(fps).duration(Duration.ofSeconds(seconds))
                    .audioChannels(2).crf(18).build().write(part);
            Files.move(part, src);
        }
        return src;
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static String firstLine(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-version").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            String line = s.lines().findFirst().orElse("?");
            int c = line.indexOf(" Copyright");
            return c > 0 ? line.substring(0, c) : line;
        } catch (Exception e) {
            return binary.toString();
        }
    }
}
