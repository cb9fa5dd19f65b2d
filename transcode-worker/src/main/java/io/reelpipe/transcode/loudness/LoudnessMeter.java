package io.reelpipe.transcode.loudness;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.FfmpegFailedException;
import io.reelpipe.media.FfmpegResult;
import io.reelpipe.media.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures integrated loudness, loudness range and true peak with FFmpeg's {@code ebur128=peak=true} filter
 * (EBU R128, ITU-R BS.1770-4 K-weighting and gating; about 150× real time: audio is decoded, video is not).
 */
public class LoudnessMeter {

    private static final Pattern VALUE = Pattern.compile("^\\s*(I|Threshold|LRA|Peak):\\s+(-?inf|[-+]?\\d+(?:\\.\\d+)?)\\s");

    private final Ffmpeg ffmpeg;

    public LoudnessMeter(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The first audio stream of {@code file} as it is. */
    public LoudnessMeasurement measure(Path file, Duration duration, ProgressListener progress,
                                       CancellationCheck cancel) {
        return measure(file, null, duration, progress, cancel);
    }

    /**
     * The first audio stream of {@code file} after {@code prefilter} (e.g. the stereo downmix the outputs carry),
     * or as it is when {@code prefilter} is null.
     */
    public LoudnessMeasurement measure(Path file, String prefilter, Duration duration, ProgressListener progress,
                                       CancellationCheck cancel) {
        String af = (prefilter == null ? "" : prefilter + ",") + "ebur128=peak=true:framelog=quiet";
        FfmpegResult r = ffmpeg.run(FfmpegCommand.builder()
                .input(file)
                .args("-map", "0:a:0", "-vn", "-sn", "-dn", "-af", af, "-f", "null")
                .output("-")
                .expectedDuration(duration)
                .build(), progress, cancel);
        return parse(r.stderrTail(), r.commandLine());
    }

    static LoudnessMeasurement parse(List<String> stderr, String commandLine) {
        int start = -1;
        for (int i = stderr.size() - 1; i >= 0; i--) {
            if (stderr.get(i).contains("Summary:")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new FfmpegFailedException("ffmpeg's ebur128 filter printed no loudness summary", 0, commandLine, stderr);
        }
        Double integrated = null;
        Double threshold = null;
        Double lra = null;
        Double peak = null;
        String section = "";
        for (int i = start + 1; i < stderr.size(); i++) {
            String line = stderr.get(i);
            if (line.contains("Integrated loudness")) {
                section = "I";
            } else if (line.contains("Loudness range")) {
                section = "LRA";
            } else if (line.contains("True peak")) {
                section = "TP";
            }
            Matcher m = VALUE.matcher(line);
            if (!m.find()) {
                continue;
            }
            double v = value(m.group(2));
            switch (m.group(1)) {
                case "I" -> integrated = v;
                case "Threshold" -> {
                    if (section.equals("I") && threshold == null) {
                        threshold = v;
                    }
                }
                case "LRA" -> lra = v;
                case "Peak" -> {
                    if (section.equals("TP")) {
                        peak = v;
                    }
                }
                default -> {
                }
            }
        }
        if (integrated == null || lra == null || peak == null) {
            throw new FfmpegFailedException("could not read ffmpeg's loudness summary", 0, commandLine, stderr);
        }
        return new LoudnessMeasurement(integrated, threshold == null ? integrated - 10 : threshold, lra, peak);
    }

    private static double value(String s) {
        return switch (s) {
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
