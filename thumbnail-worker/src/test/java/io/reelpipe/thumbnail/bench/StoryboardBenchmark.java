package io.reelpipe.thumbnail.bench;

import io.reelpipe.media.SyntheticVideo;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.thumbnail.ThumbnailParameters;
import io.reelpipe.thumbnail.storyboard.StoryboardBuilder;
import io.reelpipe.thumbnail.storyboard.StoryboardPlan;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Storyboard speed against the ffmpeg CLI's {@code fps + scale + tile} approach, on the same input in the same run.
 * Not a unit test (no Test suffix: surefire skips it). Run:
 *
 * <pre>
 * ./mvnw -B -q -o -pl thumbnail-worker test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reelpipe.thumbnail.bench.StoryboardBenchmark -Dexec.args="10 2 1"
 * </pre>
 *
 * Arguments: input minutes (default 10), tile interval in seconds (2), runs per contender (1; the best is kept),
 * baseline ffmpeg binary ({@code /usr/bin/ffmpeg}). The 1080p30 input (H.264 with one keyframe per second, the
 * common GOP of streaming/ad masters, colour cards every 7 s, a moving box, stereo AAC) is generated with
 * {@link SyntheticVideo} into {@code $TMPDIR/reelpipe-bench/} and reused by later runs.
 */
public final class StoryboardBenchmark {

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String baselineBinary = args.length > 3 ? args[3] : "/usr/bin/ffmpeg";
        int columns = 10;
        int rows = 10;
        int width = 160;

        Path work = Path.of(System.getProperty("java.io.tmpdir"), "reelpipe-bench");
        Files.createDirectories(work);
        Path input = work.resolve(String.format(Locale.ROOT, "synthetic-1080p30-%smin.mp4", fmt(minutes)));
        long genMs = -1;
        if (!Files.exists(input)) {
            long t0 = System.nanoTime();
            Path tmp = work.resolve(input.getFileName() + ".part.mp4");
            SyntheticVideo.Builder b = SyntheticVideo.builder().size(1920, 1080).fps(30)
                    .duration(Duration.ofMillis(Math.round(minutes * 60_000))).audioChannels(2);
            Color[] palette = {Color.RED, new Color(40, 170, 70), Color.BLUE, Color.ORANGE, new Color(120, 40, 160), Color.GRAY};
            for (int s = 0, i = 0; s < minutes * 60; s += 7, i++) {
                b.card(palette[i % palette.length], Duration.ofSeconds(s));
            }
            b.build().write(tmp);
            Files.move(tmp, input);
            genMs = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.printf(Locale.ROOT, "input %s (%d MB)%s%n", input, Files.size(input) >> 20,
                genMs >= 0 ? " generated in " + genMs + " ms" : " (reused)");

        // ours
        long best = Long.MAX_VALUE;
        long first = -1;
        StoryboardBuilder.Result result = null;
        for (int r = 0; r < runs; r++) {
            Path out = clean(work.resolve("ours"));
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
        long ours = best;

        // baseline: the ffmpeg CLI's fps + scale + tile filter chain
        List<String> baselineCmd = List.of(baselineBinary, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-i", input.toString(), "-vf", "fps=1/" + every + ",scale=" + width + ":-2,tile=" + columns + "x" + rows,
                "-q:v", "4", work.resolve("baseline").resolve("out%d.jpg").toString());
        long baseline = Long.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            clean(work.resolve("baseline"));
            baseline = Math.min(baseline, time(baselineCmd));
        }
        long baselineSheets;
        try (Stream<Path> s = Files.list(work.resolve("baseline"))) {
            baselineSheets = s.count();
        }

        // for information: the CLI with keyframe-only decoding too (the trick our fast path uses)
        List<String> nokeyCmd = new ArrayList<>(baselineCmd);
        nokeyCmd.add(nokeyCmd.indexOf("-i"), "-skip_frame");
        nokeyCmd.add(nokeyCmd.indexOf("-i"), "nokey");
        nokeyCmd.set(nokeyCmd.size() - 1, work.resolve("baseline-nokey").resolve("out%d.jpg").toString());
        clean(work.resolve("baseline-nokey"));
        long nokey = time(nokeyCmd);

        String version = firstLine(List.of(baselineBinary, "-version"));
        System.out.println();
        System.out.printf(Locale.ROOT, "Storyboard, %s min 1080p30 H.264 (GOP 1 s), tiles every %d s, %dx%d px, %dx%d per sheet%n",
                fmt(minutes), every, result.plan().tileWidth(), result.plan().tileHeight(), columns, rows);
        System.out.printf(Locale.ROOT, "%-44s %12s %12s %8s%n", "figure", "reelpipe", "baseline", "ratio");
        System.out.printf(Locale.ROOT, "%-44s %10d ms %10d ms %7.1fx%n", "wall time (best of " + runs + ")", ours, baseline,
                baseline / (double) ours);
        System.out.printf(Locale.ROOT, "%-44s %10d ms %10d ms %7.1fx%n", "reelpipe first run (cold JVM: JIT, natives)", first,
                baseline, baseline / (double) first);
        System.out.printf(Locale.ROOT, "%-44s %12d %12d%n", "sprite sheets", result.sheets().size(), baselineSheets);
        System.out.printf(Locale.ROOT, "%-44s %12d %12s%n", "tiles", result.plan().tiles(), "-");
        System.out.printf(Locale.ROOT, "%-44s %12s %12s%n", "storyboard path / baseline", result.mode(), "fps,scale,tile");
        System.out.printf(Locale.ROOT, "%-44s %12s %10d ms %7.1fx%n", "(info) ffmpeg CLI with -skip_frame nokey", "", nokey,
                nokey / (double) ours);
        System.out.printf(Locale.ROOT, "machine: %d cores (shared), JDK %s, reelpipe ffmpeg 8.0.1 in-process (JavaCV), baseline %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), version);
        System.out.println("baseline command: " + String.join(" ", baselineCmd));
    }

    private static long time(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("exit " + rc + ": " + cmd);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String firstLine(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return s.lines().findFirst().orElse("?").replace("Copyright", "").trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private static Path clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static String fmt(double minutes) {
        return minutes == Math.floor(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }
}
