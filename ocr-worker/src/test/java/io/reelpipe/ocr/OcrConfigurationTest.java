package io.reelpipe.ocr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrConfigurationTest {

    @Test
    void theWorkerRefusesToStartWithoutTrainedDataAndSaysWhatToInstall(@TempDir Path empty) {
        OcrProperties props = new OcrProperties(empty, 1, List.of("eng", "kor"));
        assertThatThrownBy(() -> new OcrConfiguration().tesseractPool(props))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eng.traineddata").hasMessageContaining("kor.traineddata")
                .hasMessageContaining("tesseract-ocr-eng tesseract-ocr-kor").hasMessageContaining("reelpipe.ocr.tessdata");
    }
}
