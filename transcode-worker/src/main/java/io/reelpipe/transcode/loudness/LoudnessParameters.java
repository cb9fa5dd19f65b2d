package io.reelpipe.transcode.loudness;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code loudness: { target: -23 LUFS, truePeak: -1 }}. The source is always measured (EBU R128 / ITU-R BS.1770);
 * with a target the outputs are normalised to it.
 *
 * @param target   integrated loudness to reach: {@code -23}, {@code "-23 LUFS"}, {@code "-24 LKFS"},
 *                 {@code ebu-r128} (-23), {@code atsc-a85} (-24); absent or {@code off}: no normalisation
 * @param truePeak maximum true peak in dBTP after normalisation; default -1 (EBU R128), -2 for {@code atsc-a85}
 */
public record LoudnessParameters(String target, Double truePeak) {

    public static final LoudnessParameters MEASURE_ONLY = new LoudnessParameters(null, null);
    private static final Pattern LEVEL = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*(lufs|lkfs|db|dbfs)?");

    public LoudnessParameters {
        Double t = parseTarget(target);
        if (truePeak == null) {
            truePeak = target != null && target.strip().toLowerCase(Locale.ROOT).startsWith("atsc") ? -2.0 : -1.0;
        }
        if (truePeak < -9 || truePeak > 0) {
            throw new IllegalArgumentException("loudness.truePeak must be -9..0 dBTP, got " + truePeak);
        }
        if (t != null && (t < -70 || t > -5)) {
            throw new IllegalArgumentException("loudness.target must be -70..-5 LUFS, got " + t);
        }
    }

    /** The target in LUFS, or null when the outputs keep the source's loudness. */
    public Double targetLufs() {
        return parseTarget(target);
    }

    private static Double parseTarget(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "off", "none", "false" -> {
                return null;
            }
            case "ebu-r128", "ebu", "r128" -> {
                return -23.0;
            }
            case "atsc-a85", "atsc", "a85" -> {
                return -24.0;
            }
            default -> {
                var m = LEVEL.matcher(v);
                if (!m.matches()) {
                    throw new IllegalArgumentException("loudness.target '" + s
                            + "' is not a level like -23 LUFS, -24 LKFS, ebu-r128 or atsc-a85");
                }
                return Double.parseDouble(m.group(1));
            }
        }
    }
}
