package io.reelpipe.ocr.engine;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * One Tesseract engine (LSTM, page segmentation "sparse text": ads scatter short lines over the picture, not
 * paragraphs). Not thread-safe: a {@link TesseractPool} hands one to each thread. Reads a frame into
 * {@link TextLine}s, leaving out words under the confidence floor and words that are no words (lone symbols,
 * background texture read as "|||" or "=-").
 */
public final class TesseractReader implements AutoCloseable {

    private final TessBaseAPI api = new TessBaseAPI();
    private final String languages;

    /**
     * @param tessdata          the folder holding {@code <lang>.traineddata}
     * @param languages         Tesseract language codes joined by '+': {@code eng}, {@code eng+kor}
     */
    public TesseractReader(Path tessdata, String languages) {
        this.languages = languages;
        if (api.Init(tessdata.toString(), languages, tesseract.OEM_LSTM_ONLY) != 0) {
            api.close();
            throw new IllegalStateException("Tesseract could not load '" + languages + "' from " + tessdata);
        }
        api.SetPageSegMode(tesseract.PSM_SPARSE_TEXT);
        // Sauvola's local threshold: text over gradients and translucent shapes, where one global (Otsu) threshold
        // loses whole words; on the generated ad cards it read 5 of 6 test frames right against 2 of 6
        api.SetVariable("thresholding_method", "2");
        // frames carry no resolution; this is what Tesseract assumes for screen text and silences its warning
        api.SetVariable("user_defined_dpi", "144");
        api.SetVariable("debug_file", "/dev/null");
    }

    public String languages() {
        return languages;
    }

    /**
     * The lines of text in {@code image} (any type; read as 8-bit grey).
     *
     * @param minWordConfidence words read with less (0..100) are dropped
     */
    public List<TextLine> read(BufferedImage image, double minWordConfidence) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] grey = Greyscale.of(image);
        try (BytePointer pixels = new BytePointer(grey)) {
            api.SetImage(pixels, w, h, 1, w);
            if (api.Recognize(null) != 0) {
                return List.of();
            }
            return lines(minWordConfidence);
        } finally {
            api.Clear();
        }
    }

    private List<TextLine> lines(double minWordConfidence) {
        List<TextLine> out = new ArrayList<>();
        ResultIterator it = api.GetIterator();
        if (it == null) {
            return out;
        }
        try (IntPointer l = new IntPointer(1); IntPointer t = new IntPointer(1); IntPointer r = new IntPointer(1);
             IntPointer b = new IntPointer(1)) {
            List<TextLine.Word> words = new ArrayList<>();
            Map<String, Integer> langs = new HashMap<>();
            do {
                BytePointer text = it.GetUTF8Text(tesseract.RIL_WORD);
                if (text != null) {
                    String word = text.getString(java.nio.charset.StandardCharsets.UTF_8).strip();
                    tesseract.TessDeleteText(text);
                    double conf = it.Confidence(tesseract.RIL_WORD);
                    if (Words.confident(word, conf, minWordConfidence) && Words.plausible(word)
                            && it.BoundingBox(tesseract.RIL_WORD, l, t, r, b)) {
                        words.add(new TextLine.Word(word, conf, new TextLine.Box(l.get(), t.get(), r.get() - l.get(),
                                b.get() - t.get())));
                        BytePointer lang = it.WordRecognitionLanguage();
                        langs.merge(lang == null ? languages : lang.getString(), 1, Integer::sum);
                    }
                }
                if (it.IsAtFinalElement(tesseract.RIL_TEXTLINE, tesseract.RIL_WORD)) {
                    flush(out, words, langs);
                }
            } while (it.Next(tesseract.RIL_WORD));
            flush(out, words, langs);
        } finally {
            it.close();
        }
        return out;
    }

    private static void flush(List<TextLine> out, List<TextLine.Word> read, Map<String, Integer> langs) {
        List<TextLine.Word> words = Words.joinHangulSyllables(read);
        if (!words.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            TextLine.Box box = null;
            double conf = 0;
            for (TextLine.Word w : words) {
                sb.append(sb.isEmpty() ? "" : " ").append(w.text());
                box = box == null ? w.box() : box.union(w.box());
                conf += w.confidence();
            }
            String lang = langs.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            out.add(new TextLine(sb.toString(), conf / words.size(), lang, box, List.copyOf(words)));
        }
        read.clear();
        langs.clear();
    }

    @Override
    public void close() {
        api.End();
        api.close();
    }
}
