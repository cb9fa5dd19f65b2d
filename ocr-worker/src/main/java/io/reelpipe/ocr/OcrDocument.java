package io.reelpipe.ocr;

import io.reelpipe.ocr.engine.TextLine;
import io.reelpipe.ocr.track.TextItem;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ocr.json}: the distinct on-screen texts of a video, each with when and where it was shown. Boxes are
 * fractions of the frame (0..1, origin top left), so they hold for every rendition.
 *
 * @param engine     {@code tesseract 5.5.2}
 * @param languages  what was read for (ISO 639-1)
 * @param duration   seconds
 * @param sampling   how frames were sampled and how many were read
 * @param items      first shown first
 */
public record OcrDocument(int schemaVersion, String engine, List<String> languages, double duration, Frame frame,
                          Sampling sampling, List<Item> items) {

    public static final int SCHEMA_VERSION = 1;

    /** Size of the frames the boxes were measured on. */
    public record Frame(int width, int height) {
    }

    /** @param every seconds between samples; {@code framesRead}: samples that differed from the last one read */
    public record Sampling(double every, int samples, int framesRead, double seconds) {
    }

    /**
     * @param language   ISO 639-1 of the trained data that read it
     * @param confidence Tesseract's mean confidence over the frames, 0..100
     * @param frames     samples it was read in
     */
    public record Item(int id, String text, String language, double confidence, int frames, List<Range> ranges) {
    }

    public record Range(double start, double end, Box box) {
    }

    public record Box(double x, double y, double width, double height) {
    }

    /** The document of one scan; {@code engine} as it should read in the file ({@code tesseract 5.5.2}). */
    public static OcrDocument of(OcrScanner.Scan scan, OcrParameters p, String engine) {
        List<Item> items = new ArrayList<>();
        int id = 0;
        for (TextItem t : scan.items()) {
            List<Range> ranges = new ArrayList<>();
            for (TextItem.Range r : t.ranges()) {
                ranges.add(new Range(round(r.start(), 3), round(r.end(), 3), box(r.box(), scan.width(), scan.height())));
            }
            String lang = t.language().contains("kor") && !t.language().contains("eng") ? "ko"
                    : Hangul.any(t.text()) ? "ko" : "en";
            items.add(new Item(++id, t.text(), lang, round(t.confidence(), 1), t.frames(), List.copyOf(ranges)));
        }
        return new OcrDocument(SCHEMA_VERSION, engine, p.languages(), round(scan.duration(), 3),
                new Frame(scan.width(), scan.height()),
                new Sampling(p.everySeconds(), scan.samples(), scan.framesRead(), round(scan.seconds(), 3)),
                List.copyOf(items));
    }

    private static Box box(TextLine.Box b, int w, int h) {
        if (w <= 0 || h <= 0) {
            return new Box(0, 0, 0, 0);
        }
        return new Box(round((double) b.x() / w, 4), round((double) b.y() / h, 4), round((double) b.width() / w, 4),
                round((double) b.height() / h, 4));
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** Whether a text holds Hangul: Tesseract's language label is unreliable for short mixed lines. */
    static final class Hangul {
        private Hangul() {
        }

        static boolean any(String s) {
            return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL);
        }
    }
}
