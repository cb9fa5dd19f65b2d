package io.reelpipe.bench.media;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.thumbnail.ThumbnailParameters;
import io.reelpipe.thumbnail.storyboard.StoryboardBuilder;
import io.reelpipe.thumbnail.storyboard.StoryboardPlan;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * (6) Thumbnails: thumbnail-worker's storyboard (keyframe-only decode, swscale straight to tile size, sprite sheets)
 * vs the ffmpeg CLI's {@code fps + scale + tile} filter chain on the same input in the same run. Absorbed from
 * thumbnail-worker's {@code StoryboardBenchmark}.
 */
public final class StoryboardBenchmark implements Benchmark {

    @Override
    public String name() {
        return "thumbnails";
    }

    @Override
    public String description() {
        return "storyboard sprites: thumbnail-worker vs ffmpeg CLI fps+scale+tile on the same 1080p30 input";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("minutes", 1, "input length (1080p30 H.264, GOP 1 s; generated once, cached)"),
                Param.of("every", 2, "tile interval, seconds"),
                Param.of("runs", 2, "runs per contender; the best is kept"),
                Param.of("baseline", "/usr/bin/ffmpeg", "baseline ffmpeg binary"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        double minutes = ctx.doubleParam("minutes");
        int every = ctx.intParam("every");
        int runs = ctx.intParam("runs");
        String baselineBinary = ctx.param("baseline");
        if (!Files.isExecutable(Path.of(baselineBinary))) {
            throw new IllegalStateException("baseline ffmpeg " + baselineBinary + " not found (apt-get install ffmpeg)");
        }
        int columns = 10;
        int rows = 10;
        int width = 160;
        String m = minutes == Math.floor(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
        Path input = ctx.workDir().resolve("synthetic-1080p30-" + m + "min.mp4");
        if (!Files.exists(input)) {
            ctx.log("generating %s min of 1080p30 (once; cached in %s)", m, ctx.workDir());
            Path tmp = ctx.workDir().resolve(input.getFileName() + ".part.mp4");
            SyntheticVideo.Builder b = SyntheticVideo.builder().size(1920, 1080).fps(30)
                    .duration(Duration.ofMillis(Math.round(minutes * 60_000))).audioChannels(2);
            Color[] palette = {Color.RED, new Color(40, 170, 70), Color.BLUE, Color.ORANGE, new Color(120, 40, 160), Color.GRAY};
            for (int s = 0, i = 0; s < minutes * 60; s += 7, i++) {
                b.card(palette[i % palette.length], Duration.ofSeconds(s));
            }
            b.build().write(tmp);
            Files.move(tmp, input);
        }

        long best = Long.MAX_VALUE;
        long first = -1;
        StoryboardBuilder.Result result = null;
        for (int r = 0; r < runs; r++) {
            Path out = ctx.cleanDir("storyboard-ours");
            long t0 = System.nanoTime();
            try (VideoFrames frames = VideoFrames.open(input)) {
                ThumbnailParameters.Storyboard p = new ThumbnailParameters.Storyboard(true, every + "s", null, columns, rows, width);
                StoryboardPlan plan = StoryboardPlan.of(p, frames.info().duration(), frames.width(), frames.height());
                result = new StoryboardBuilder().build(frames, plan, out, f -> { }, () -> { });
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            first = first < 0 ? ms : first;
            best = Math.min(best, ms);
        }
        Path baseDir = ctx.workDir().resolve("storyboard-baseline");
        List<String> baselineCmd = List.of(baselineBinary, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-i", input.toString(), "-vf", "fps=1/" + every + ",scale=" + width + ":-2,tile=" + columns + "x" + rows,
                "-q:v", "4", baseDir.resolve("out%d.jpg").toString());
        long baseline = Long.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            ctx.cleanDir("storyboard-baseline");
            baseline = Math.min(baseline, time(baselineCmd));
        }
        long baselineSheets;
        try (Stream<Path> s = Files.list(baseDir)) {
            baselineSheets = s.count();
        }
        List<String> nokeyCmd = new ArrayList<>(baselineCmd);
        nokeyCmd.add(nokeyCmd.indexOf("-i"), "-skip_frame");
        nokeyCmd.add(nokeyCmd.indexOf("-i"), "nokey");
        nokeyCmd.set(nokeyCmd.size() - 1, ctx.cleanDir("storyboard-nokey").resolve("out%d.jpg").toString());
        long nokey = time(nokeyCmd);

        double mediaSeconds = minutes * 60;
        Report rep = new Report(name(), String.format(Locale.ROOT, "storyboard of %s min 1080p30 H.264 (GOP 1 s), tiles every "
                + "%d s, %dx%d px, %dx%d per sheet, best of %d", m, every, result.plan().tileWidth(), result.plan().tileHeight(),
                columns, rows, runs));
        rep.row(Row.lowerBetter("wall time (best)", best, baseline, "ms").withNote("target >= 3x ffmpeg"));
        rep.row(Row.higherBetter("x realtime (best)", mediaSeconds / (best / 1000.0), mediaSeconds / (baseline / 1000.0), "x"));
        rep.row(Row.lowerBetter("reelpipe first run (cold: JIT, natives)", first, baseline, "ms"));
        rep.row(new Row("sprite sheets", (double) result.sheets().size(), (double) baselineSheets, "count", null, true, null));
        rep.row(Row.lowerBetter("(info) vs ffmpeg CLI with -skip_frame nokey", best, nokey, "ms")
                .withNote("the CLI given the same keyframe-only trick"));
        rep.baseline(TranscodeBenchmark.firstLine(Path.of(baselineBinary)) + ": " + String.join(" ", baselineCmd.subList(6, 10))
                + " -q:v 4");
        rep.note("storyboard path: " + result.mode() + "; " + result.plan().tiles() + " tiles; reelpipe decodes in process "
                + "(FFmpeg 8.0.1 via JavaCV), only keyframes, swscale straight to tile size");
        rep.note("flat synthetic pictures decode far faster than camera footage, which favours the baseline's decode-everything approach");
        return rep;
    }

    private static long time(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("exit " + rc + ": " + cmd);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
