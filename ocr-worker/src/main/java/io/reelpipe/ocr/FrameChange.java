package io.reelpipe.ocr;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A 64×36 grey thumbnail of a frame, to tell whether a sampled frame differs from the last one read: a still card
 * is read once, not at every sample. Moving backgrounds do differ, so this saves work only where nothing moves.
 */
final class FrameChange {

    /** Mean absolute grey difference (0..255) under which two frames count as the same picture. */
    static final double SAME = 1.5;

    private final int[] grey;

    private FrameChange(int[] grey) {
        this.grey = grey;
    }

    static FrameChange of(BufferedImage image) {
        BufferedImage small = new BufferedImage(64, 36, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = small.createGraphics();
        g.drawImage(image, 0, 0, 64, 36, null);
        g.dispose();
        return new FrameChange(small.getRaster().getPixels(0, 0, 64, 36, (int[]) null));
    }

    boolean same(FrameChange o) {
        if (o == null) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < grey.length; i++) {
            sum += Math.abs(grey[i] - o.grey[i]);
        }
        return (double) sum / grey.length < SAME;
    }
}
