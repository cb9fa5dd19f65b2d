package io.reelpipe.ocr.engine;

import java.awt.image.BufferedImage;

/**
 * 8-bit luma (BT.601) of an image, row by row, as Tesseract's {@code SetImage} takes it, turned so the text is
 * likely dark on light: Tesseract's LSTM models are trained on dark print, and ads mostly put light text on dark or
 * busy backgrounds. The picture is inverted when its median luma is under 128 (the background dominates the median).
 */
final class Greyscale {

    private Greyscale() {
    }

    static byte[] of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h];
        int[] histogram = new int[256];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int y = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
            histogram[y]++;
            out[i] = (byte) y;
        }
        if (median(histogram, out.length) < 128) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (255 - (out[i] & 0xff));
            }
        }
        return out;
    }

    private static int median(int[] histogram, int n) {
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen * 2 >= n) {
                return v;
            }
        }
        return 255;
    }
}
