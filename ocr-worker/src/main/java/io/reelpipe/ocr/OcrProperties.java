package io.reelpipe.ocr;

import io.reelpipe.ocr.engine.Tessdata;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ocr worker ({@code reelpipe.ocr.*}).
 *
 * @param tessdata          folder of Tesseract trained data ({@code eng.traineddata}, {@code kor.traineddata}); default
 *                          {@code /usr/share/tesseract-ocr/5/tessdata}, where Debian's tesseract-ocr-eng/-kor put them
 * @param threads           frames read in parallel per worker instance (one Tesseract engine each, ~100 MB with
 *                          eng+kor); default: the CPU count, at most 4
 * @param requireLanguages  trained data that must be present for the worker to start; default {@code eng,kor}
 */
@ConfigurationProperties("reelpipe.ocr")
public record OcrProperties(Path tessdata, Integer threads, java.util.List<String> requireLanguages) {

    public OcrProperties {
        tessdata = tessdata == null ? Tessdata.DEBIAN : tessdata;
        threads = threads == null || threads < 1 ? Math.min(4, Runtime.getRuntime().availableProcessors()) : threads;
        requireLanguages = requireLanguages == null || requireLanguages.isEmpty() ? java.util.List.of("eng", "kor")
                : java.util.List.copyOf(requireLanguages);
    }
}
