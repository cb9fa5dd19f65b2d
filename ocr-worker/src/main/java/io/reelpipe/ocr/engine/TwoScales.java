package io.reelpipe.ocr.engine;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a frame at its size and at half size and keeps the better reading of each line. Tesseract's models expect
 * glyphs of roughly 20–40 px: a brand card set at 60–90 px is often read in fragments ("다" for "다온", "새미" for
 * "온새미") or not at all, while the half-size frame reads it whole; small print needs the full size. Lines found in
 * one pass only are kept; where the two overlap, a reading that contains the other wins (the whole word over its
 * fragment), else the more confident one. The half-size pass costs about a third more.
 */
public final class TwoScales {

    private TwoScales() {
    }

    public static List<TextLine> read(TesseractReader reader, BufferedImage image, double minWordConfidence) {
        List<TextLine> full = reader.read(image, minWordConfidence);
        if (image.getWidth() < 640) {
            return full;
        }
        List<TextLine> half = new ArrayList<>();
        for (TextLine l : reader.read(half(image), minWordConfidence)) {
            half.add(doubled(l));
        }
        return merge(full, half);
    }

    static List<TextLine> merge(List<TextLine> full, List<TextLine> half) {
        List<TextLine> out = new ArrayList<>(full);
        for (TextLine h : half) {
            int same = -1;
            for (int i = 0; i < out.size(); i++) {
                if (overlap(out.get(i).box(), h.box())) {
                    same = i;
                    break;
                }
            }
            if (same < 0) {
                out.add(h);
            } else if (better(h, out.get(same))) {
                out.set(same, h);
            }
        }
        return out;
    }

    private static boolean better(TextLine challenger, TextLine held) {
        String c = key(challenger.text());
        String h = key(held.text());
        if (c.length() != h.length() && (c.contains(h) || h.contains(c))) {
            return c.length() > h.length();
        }
        return challenger.confidence() > held.confidence();
    }

    private static String key(String s) {
        return s.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Boxes that share at least half of the smaller one's area. */
    private static boolean overlap(TextLine.Box a, TextLine.Box b) {
        int ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        int iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        double smaller = Math.min((double) a.width() * a.height(), (double) b.width() * b.height());
        return smaller > 0 && ix * (double) iy >= smaller / 2;
    }

    private static BufferedImage half(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth() / 2, image.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    private static TextLine doubled(TextLine l) {
        List<TextLine.Word> words = l.words().stream()
                .map(w -> new TextLine.Word(w.text(), w.confidence(), w.box().scaled(2))).toList();
        return new TextLine(l.text(), l.confidence(), l.language(), l.box().scaled(2), words);
    }
}
