package io.reelpipe.transcode.loudness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EBU R128 / ITU-R BS.1770-4 figures of one audio signal, from FFmpeg's {@code ebur128} filter.
 *
 * @param integratedLufs     gated integrated loudness (-70 for silence)
 * @param thresholdLufs      the relative gate of the integrated measurement
 * @param loudnessRangeLu    LRA (EBU Tech 3342)
 * @param truePeakDbtp       maximum true peak (4× oversampled), -inf for silence
 */
public record LoudnessMeasurement(double integratedLufs, double thresholdLufs, double loudnessRangeLu,
                                  double truePeakDbtp) {

    public boolean silent() {
        return integratedLufs <= -69.9;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("integratedLufs", round(integratedLufs));
        m.put("loudnessRangeLu", round(loudnessRangeLu));
        m.put("truePeakDbtp", Double.isFinite(truePeakDbtp) ? round(truePeakDbtp) : null);
        m.put("thresholdLufs", round(thresholdLufs));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
