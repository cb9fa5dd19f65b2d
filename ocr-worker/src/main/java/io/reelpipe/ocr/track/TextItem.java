package io.reelpipe.ocr.track;

import io.reelpipe.ocr.engine.TextLine;
import java.util.List;

/**
 * One distinct piece of on-screen text after deduplication across frames.
 *
 * @param text       the reading with the most confidence summed over the frames
 * @param language   Tesseract's trained data that read it most often ({@code eng}, {@code kor})
 * @param confidence mean line confidence over every frame it was read in, 0..100
 * @param frames     sampled frames it was read in
 * @param ranges     when and where it was shown, in time order
 */
public record TextItem(String text, String language, double confidence, int frames, List<Range> ranges) {

    /** Seconds from the start, and the union of its boxes over the range (frame pixels). */
    public record Range(double start, double end, TextLine.Box box) {
    }
}
