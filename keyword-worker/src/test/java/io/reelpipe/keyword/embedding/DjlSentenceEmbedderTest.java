package io.reelpipe.keyword.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled all-MiniLM-L6-v2 on DJL's ONNX Runtime engine, offline. */
class DjlSentenceEmbedderTest {

    static DjlSentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = SharedEmbedder.get();
    }

    @Test
    void embedsToUnitVectorsOf384() {
        float[][] v = embedder.embed(List.of("a fast electric car", "빠른 배달", ""));
        assertThat(v).hasNumberOfRows(3);
        for (float[] row : v) {
            assertThat(row).hasSize(384);
            assertThat(dot(row, row)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(embedder.info().engine()).isEqualTo("OnnxRuntime");
        assertThat(embedder.info().device()).isEqualTo("cpu()");
    }

    @Test
    void similarMeaningIsCloser() {
        float[][] v = embedder.embed(List.of("electric vehicle with long battery range", "EV charging", "pizza delivery",
                "a savings account with high interest"));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]));
        assertThat(dot(v[3], v[0])).isLessThan(dot(v[0], v[1]));
    }

    @Test
    void batchedEqualsOneByOne() {
        List<String> texts = List.of("short", "a somewhat longer sentence about mobile phones and 5G networks", "insurance");
        float[][] batched = embedder.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = embedder.embed(List.of(texts.get(i)))[0];
            assertThat(dot(batched[i], single)).isGreaterThan(0.999);
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
