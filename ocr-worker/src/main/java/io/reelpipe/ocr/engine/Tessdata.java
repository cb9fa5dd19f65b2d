package io.reelpipe.ocr.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where Tesseract's trained data is, and a check that names the missing files and the packages that carry them. */
public final class Tessdata {

    /** Debian's {@code tesseract-ocr-eng}/{@code -kor} install here (bin/os-packages/runtime.txt). */
    public static final Path DEBIAN = Path.of("/usr/share/tesseract-ocr/5/tessdata");

    private static final Map<String, String> PACKAGES = Map.of("eng", "tesseract-ocr-eng", "kor", "tesseract-ocr-kor");

    private Tessdata() {
    }

    /**
     * @param languages Tesseract codes ({@code eng}, {@code kor})
     * @return null when every {@code <lang>.traineddata} is there, else a sentence saying what is missing and how to
     *         get it
     */
    public static String missing(Path dir, List<String> languages) {
        List<String> gone = new ArrayList<>();
        for (String lang : languages) {
            if (!Files.isReadable(dir.resolve(lang + ".traineddata"))) {
                gone.add(lang + ".traineddata");
            }
        }
        if (gone.isEmpty()) {
            return null;
        }
        List<String> packages = languages.stream().map(l -> PACKAGES.getOrDefault(l, "tesseract-ocr-" + l)).toList();
        return "OCR trained data " + gone + " not found in " + dir + " (reelpipe.ocr.tessdata): install the Debian "
                + "packages " + String.join(" ", packages) + " (bin/os-packages/runtime.txt) or point "
                + "reelpipe.ocr.tessdata at a folder holding them";
    }
}
