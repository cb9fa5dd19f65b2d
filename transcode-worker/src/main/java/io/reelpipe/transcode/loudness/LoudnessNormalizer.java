package io.reelpipe.transcode.loudness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses how to bring measured audio to a target integrated loudness.
 *
 * <ul>
 *   <li><b>linear</b>: when the gain keeps the true peak under the ceiling, a plain {@code volume} gain. It is
 *       exact, keeps the dynamics, and is the same on every chunk of a chunked encode.</li>
 *   <li><b>dynamic</b>: otherwise FFmpeg's {@code loudnorm} second pass with the measured values (its true-peak
 *       limiter and gentle dynamic range control keep the ceiling).</li>
 *   <li><b>none</b>: no target, or a silent track (gain would be meaningless).</li>
 * </ul>
 */
public final class LoudnessNormalizer {

    /**
     * @param filter audio filter (without resampling), null for none
     */
    public record Plan(String mode, String filter, double targetLufs, double truePeakDbtp, double gainDb) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", mode);
            m.put("targetLufs", targetLufs);
            m.put("truePeakDbtp", truePeakDbtp);
            if (mode.equals("linear")) {
                m.put("gainDb", LoudnessMeasurement.round(gainDb));
            }
            return m;
        }
    }

    private LoudnessNormalizer() {
    }

    public static Plan plan(LoudnessMeasurement m, double target, double truePeak) {
        if (m.silent()) {
            return new Plan("none", null, target, truePeak, 0);
        }
        double gain = target - m.integratedLufs();
        if (!Double.isFinite(m.truePeakDbtp()) || m.truePeakDbtp() + gain <= truePeak) {
            return new Plan("linear", String.format(Locale.ROOT, "volume=%.2fdB", gain), target, truePeak, gain);
        }
        double lraTarget = Math.max(7, Math.min(50, Math.ceil(m.loudnessRangeLu() + 1)));
        String f = String.format(Locale.ROOT,
                "loudnorm=I=%.1f:TP=%.1f:LRA=%.1f:measured_I=%.2f:measured_TP=%.2f:measured_LRA=%.2f"
                        + ":measured_thresh=%.2f:linear=true:print_format=none",
                target, truePeak, lraTarget, m.integratedLufs(), m.truePeakDbtp(), Math.max(0.01, m.loudnessRangeLu()),
                m.thresholdLufs());
        return new Plan("dynamic", f, target, truePeak, gain);
    }
}
