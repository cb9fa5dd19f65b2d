package io.reelpipe.thumbnail.poster;

import java.awt.image.BufferedImage;

/**
 * How good a frame is as a poster, from its luma: black and near-uniform frames (fades, slates, title cards on
 * a flat background) are rejected, and among the rest detail (edge energy) and contrast win.
 *
 * @param meanLuma  0..255
 * @param lumaStdDev contrast
 * @param edgeEnergy mean absolute luma gradient; low for blurry or flat frames
 */
public record FrameQuality(double meanLuma, double lumaStdDev, double edgeEnergy) {

    static final double BLACK_BELOW = 24;
    static final double WHITE_ABOVE = 240;
    static final double UNIFORM_BELOW = 10;

    public static FrameQuality of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[] luma = new double[w * h];
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
                luma[y * w + x] = l;
                sum += l;
            }
        }
        double mean = sum / luma.length;
        double var = 0;
        double edges = 0;
        int edgeCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double l = luma[y * w + x];
                var += (l - mean) * (l - mean);
                if (x + 1 < w && y + 1 < h) {
                    edges += Math.abs(l - luma[y * w + x + 1]) + Math.abs(l - luma[(y + 1) * w + x]);
                    edgeCount++;
                }
            }
        }
        return new FrameQuality(mean, Math.sqrt(var / luma.length), edgeCount == 0 ? 0 : edges / edgeCount);
    }

    /** False for black, blown-out white and near-uniform frames. */
    public boolean usable() {
        return meanLuma >= BLACK_BELOW && meanLuma <= WHITE_ABOVE && lumaStdDev >= UNIFORM_BELOW;
    }

    /** True when the frame is (nearly) black: fades, leaders. */
    public boolean black() {
        return meanLuma < BLACK_BELOW;
    }

    /** Higher is better; only meaningful between usable frames. Mid-grey exposure is preferred over extremes. */
    public double score() {
        double exposure = 1.0 - Math.abs(meanLuma - 128) / 128.0;
        return lumaStdDev + 4 * edgeEnergy + 20 * exposure;
    }
}
