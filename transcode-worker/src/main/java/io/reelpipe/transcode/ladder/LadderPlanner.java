package io.reelpipe.transcode.ladder;

import io.reelpipe.media.VideoStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns requested rungs into encodable ones for a given source.
 *
 * <ul>
 *   <li>Sizes start from the source's upright display size: sample aspect ratio applied (720x576 at SAR 16:15 is
 *       768x576 on screen) and rotation applied (a phone's 1920x1080 with a 90° display matrix is 1080x1920),
 *       because FFmpeg rotates while decoding and every rung is written with square pixels.</li>
 *   <li>Each rung's box (landscape for named rungs, turned for portrait sources) is filled keeping the aspect
 *       ratio; dimensions are even.</li>
 *   <li>Never upscale: a rung whose box would need the picture enlarged is dropped. When rungs were dropped and
 *       no kept rung is within 10% of the source size, the source's own size is added as the top rung, so a
 *       384x288 source with {@code [360p, 240p]} gives 288p + 240p rather than 240p alone.</li>
 *   <li>Duplicate sizes (two boxes giving the same picture) keep the first.</li>
 * </ul>
 */
public final class LadderPlanner {

    /** H.264 levels: idc, max frame size in macroblocks, max macroblocks per second. */
    private static final int[][] LEVELS = {
            {21, 792, 19_800}, {22, 1_620, 20_250}, {30, 1_620, 40_500}, {31, 3_600, 108_000},
            {32, 5_120, 216_000}, {40, 8_192, 245_760}, {42, 8_704, 522_240}, {50, 22_080, 589_824},
            {51, 36_864, 983_040}, {52, 36_864, 2_073_600}};

    private LadderPlanner() {
    }

    /** Plans rungs for {@code video}; null (audio-only source) plans none. */
    public static LadderPlan plan(List<RungSpec> specs, VideoStream video) {
        if (video == null) {
            return new LadderPlan(List.of(), List.of(), 0, 0);
        }
        int srcW = video.orientedWidth();
        int srcH = video.orientedHeight();
        double fps = video.frameRate() > 0 ? video.frameRate() : 30;
        boolean portrait = srcH > srcW;
        List<Rung> rungs = new ArrayList<>();
        List<Map<String, Object>> dropped = new ArrayList<>();
        Set<String> sizes = new HashSet<>();
        RungSpec smallestDropped = null;
        for (RungSpec spec : specs) {
            int boxW;
            int boxH;
            RungSpec.Standard std = spec.standard();
            if (std != null) {
                boxW = std.width();
                boxH = std.height();
            } else {
                boxW = spec.width() != null ? spec.width() : Integer.MAX_VALUE;
                boxH = spec.height() != null ? spec.height() : Integer.MAX_VALUE;
            }
            if (portrait && boxW > boxH && boxW != Integer.MAX_VALUE && boxH != Integer.MAX_VALUE) {
                int t = boxW;
                boxW = boxH;
                boxH = t;
            } else if (portrait && (boxW == Integer.MAX_VALUE ^ boxH == Integer.MAX_VALUE)) {
                // one side given: it is the short side for named-style intent ("height: 360" → 360 wide in portrait)
                int t = boxW;
                boxW = boxH;
                boxH = t;
            }
            double s = Math.min(boxW / (double) srcW, boxH / (double) srcH);
            if (s > 1.0 + 1e-6) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("name", spec.name());
                d.put("reason", "above the source (" + srcW + "x" + srcH + "): never upscaled");
                dropped.add(d);
                smallestDropped = spec;
                continue;
            }
            int w = even(srcW * s, srcW);
            int h = even(srcH * s, srcH);
            if (!sizes.add(w + "x" + h)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("name", spec.name());
                d.put("reason", "same size as another rung (" + w + "x" + h + ")");
                dropped.add(d);
                continue;
            }
            rungs.add(rung(spec.name(), w, h, fps, spec, std));
        }
        if (smallestDropped != null) {
            int topShort = rungs.stream().mapToInt(r -> Math.min(r.width(), r.height())).max().orElse(0);
            int srcShort = Math.min(srcW, srcH);
            if (topShort < srcShort * 0.9) {
                int w = even(srcW, srcW);
                int h = even(srcH, srcH);
                String name = Math.min(w, h) + "p";
                Set<String> names = new HashSet<>();
                rungs.forEach(r -> names.add(r.name()));
                while (names.contains(name)) {
                    name = name + "-src";
                }
                // bitrate of the dropped rung scaled down by pixel count
                RungSpec.Standard std = smallestDropped.standard();
                long v = smallestDropped.videoBitrate() != null
                        ? RungSpec.parseBitrate(smallestDropped.videoBitrate(), "videoBitrate")
                        : std != null ? std.videoBitrate() : pixelBitrate(w, h);
                double boxPixels = std != null ? (double) std.width() * std.height()
                        : smallestDropped.width() != null && smallestDropped.height() != null
                        ? (double) smallestDropped.width() * smallestDropped.height() : (double) w * h;
                v = Math.max(100_000, Math.min(v, Math.round(v * (w * (double) h) / boxPixels)));
                long a = smallestDropped.audioBitrate() != null
                        ? RungSpec.parseBitrate(smallestDropped.audioBitrate(), "audioBitrate")
                        : std != null ? std.audioBitrate() : defaultAudio(Math.min(w, h));
                rungs.add(new Rung(name, w, h, v, Math.round(v * 1.2), a, level(w, h, fps)));
            }
        }
        rungs.sort(Comparator.comparingLong((Rung r) -> (long) r.width() * r.height()).reversed());
        return new LadderPlan(rungs, dropped, srcW, srcH);
    }

    private static Rung rung(String name, int w, int h, double fps, RungSpec spec, RungSpec.Standard std) {
        long v = spec.videoBitrate() != null ? RungSpec.parseBitrate(spec.videoBitrate(), "videoBitrate")
                : std != null ? std.videoBitrate() : pixelBitrate(w, h);
        long a = spec.audioBitrate() != null ? RungSpec.parseBitrate(spec.audioBitrate(), "audioBitrate")
                : std != null ? std.audioBitrate() : defaultAudio(Math.min(w, h));
        return new Rung(name, w, h, v, Math.round(v * 1.2), a, level(w, h, fps));
    }

    /** About 0.1 bit per pixel at 30 fps (1280x720 → 2.8 Mb/s, 640x360 → 700 kb/s). */
    static long pixelBitrate(int w, int h) {
        return Math.max(100_000, Math.round(w * (double) h * 3 / 1000) * 1000);
    }

    static long defaultAudio(int shortSide) {
        return shortSide >= 480 ? 128_000 : shortSide >= 360 ? 96_000 : 64_000;
    }

    /** Nearest even number, never above the (even-floored) source size, at least 2. */
    static int even(double v, int max) {
        int e = (int) Math.round(v / 2) * 2;
        int cap = max & ~1;
        return Math.max(2, Math.min(e, Math.max(2, cap)));
    }

    /** The lowest H.264 level whose frame size and macroblock rate fit {@code w × h} at {@code fps}. */
    public static String level(int w, int h, double fps) {
        long mbs = (long) ((w + 15) / 16) * ((h + 15) / 16);
        double mbps = mbs * fps;
        for (int[] l : LEVELS) {
            if (mbs <= l[1] && mbps <= l[2]) {
                return (l[0] / 10) + "." + (l[0] % 10);
            }
        }
        return "5.2";
    }
}
