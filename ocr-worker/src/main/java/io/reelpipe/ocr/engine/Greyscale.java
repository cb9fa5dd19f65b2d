package io.reelpipe.ocr.engine;

import java.awt.image.BufferedImage;

/** 8-bit luma (BT.601) of an image, row by row, as Tesseract's {@code SetImage} takes it. */
final class Greyscale {

    private Greyscale() {
    }

    static byte[] of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[i] = (byte) ((((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000);
        }
        return out;
    }
}
