package io.reelpipe.ocr.engine;

import java.util.List;

/**
 * One line of text Tesseract read in one frame.
 *
 * @param text       the words joined by spaces (low-confidence words already left out)
 * @param confidence mean word confidence, 0..100
 * @param language   the trained data the words were read with ({@code eng}, {@code kor}), the commonest one
 * @param box        the line's box in frame pixels
 * @param words      the words kept, with their own boxes and confidences
 */
public record TextLine(String text, double confidence, String language, Box box, List<Word> words) {

    /** An axis-aligned box in pixels. */
    public record Box(int x, int y, int width, int height) {
        public Box union(Box o) {
            int x0 = Math.min(x, o.x);
            int y0 = Math.min(y, o.y);
            int x1 = Math.max(x + width, o.x + o.width);
            int y1 = Math.max(y + height, o.y + o.height);
            return new Box(x0, y0, x1 - x0, y1 - y0);
        }

        /** Intersection over union, 0..1. */
        public double iou(Box o) {
            int ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
            int iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
            double inter = (double) ix * iy;
            double union = (double) width * height + (double) o.width * o.height - inter;
            return union <= 0 ? 0 : inter / union;
        }

        public Box scaled(double f) {
            return new Box((int) Math.round(x * f), (int) Math.round(y * f), (int) Math.round(width * f),
                    (int) Math.round(height * f));
        }
    }

    /** A word with its box and confidence (0..100). */
    public record Word(String text, double confidence, Box box) {
    }
}
