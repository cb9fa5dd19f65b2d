package io.reelpipe.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.media.TextCardVideo;
import io.reelpipe.ocr.engine.TesseractPool;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.internal.ParameterBinder;
import io.reelpipe.pipeline.testing.LocalStageContext;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The filter on a generated 6 s clip with an English card, a Korean card and a price over a moving background. */
class OcrFilterTest {

    @TempDir
    static Path shared;
    static Path clip;
    static TesseractPool engines;
    static ExecutorService threads;
    static OcrFilter filter;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        clip = TextCardVideo.builder(640, 360, 6)
                .card(0.5, 3.0, "Aurora Electric Bicycle", "DejaVu Sans", 34, Color.WHITE, 0.08, 0.2)
                .card(3.2, 5.8, "오로라 자전거", "NanumGothic", 40, Color.YELLOW, 0.1, 0.5)
                .card(1.0, 5.5, "$999", "Liberation Serif", 30, Color.WHITE, 0.7, 0.75)
                .build().write(shared.resolve("ad.mp4"));
        engines = new TesseractPool(io.reelpipe.ocr.engine.Tessdata.DEBIAN);
        threads = Executors.newFixedThreadPool(2);
        filter = new OcrFilter(new OcrScanner(engines, threads, 2), engines);
    }

    @AfterAll
    static void tearDown() {
        threads.shutdownNow();
        engines.close();
    }

    static OcrParameters bind(Map<String, Object> with) {
        return ParameterBinder.bind("ocr", with, OcrParameters.class);
    }

    @Test
    void readsCardsOnceEachWithTimesAndBoxes() throws Exception {
        var ctx = LocalStageContext.builder("ocr", bind(Map.of("languages", List.of("en", "ko")))).root(dir)
                .source(clip).build();
        StageResult r = filter.run(ctx).block();

        assertThat(r.outputs()).extracting(o -> o.name()).containsExactly("ocr.json", "ocr.vtt");
        OcrDocument doc = JsonMapper.builder().build().readValue(ctx.object("ocr.json").toFile(), OcrDocument.class);
        assertThat(doc.items()).extracting(OcrDocument.Item::text)
                .contains("Aurora Electric Bicycle", "오로라 자전거", "$999");
        OcrDocument.Item aurora = item(doc, "Aurora Electric Bicycle");
        assertThat(aurora.ranges()).hasSize(1);
        assertThat(aurora.language()).isEqualTo("en");
        assertThat(aurora.ranges().getFirst().start()).isBetween(0.4, 1.1);
        assertThat(aurora.ranges().getFirst().end()).isBetween(2.9, 3.6);
        assertThat(aurora.ranges().getFirst().box().x()).isBetween(0.05, 0.11);
        assertThat(aurora.ranges().getFirst().box().y()).isBetween(0.2, 0.33);
        assertThat(aurora.confidence()).isGreaterThan(80);
        OcrDocument.Item korean = item(doc, "오로라 자전거");
        assertThat(korean.language()).isEqualTo("ko");
        assertThat(korean.ranges().getFirst().start()).isBetween(3.1, 3.6);
        // nothing but the three cards: texture and partial readings are left out
        assertThat(doc.items()).hasSize(3);
        String vtt = Files.readString(ctx.object("ocr.vtt"));
        assertThat(vtt).startsWith("WEBVTT").contains("\"text\":\"Aurora Electric Bicycle\"").contains(" --> ");
        assertThat(r.details()).containsEntry("items", 3);
    }

    @Test
    void missingTrainedDataFailsTheStageWithTheReason(@TempDir Path empty) {
        var ctx = LocalStageContext.builder("ocr", OcrParameters.defaults()).root(dir).source(clip).build();
        OcrFilter noData = new OcrFilter(new OcrScanner(new TesseractPool(empty), threads, 1), new TesseractPool(empty));
        assertThatThrownBy(() -> noData.run(ctx).block()).isInstanceOf(PermanentStageException.class)
                .hasMessageContaining("eng.traineddata").hasMessageContaining("tesseract-ocr-eng");
    }

    @Test
    void badParametersAreRejected() {
        assertThatThrownBy(() -> bind(Map.of("languages", "fr"))).hasMessageContaining("'fr' is not supported");
        assertThatThrownBy(() -> bind(Map.of("every", "20s"))).hasMessageContaining("ocr.every");
        assertThat(bind(Map.of("languages", "ko")).codes()).containsExactly("kor");
    }

    @Test
    void theShippedCatalogueDescribesTheseParameters() {
        // ./reelpipe pipeline lint and ingest validate against filters.yaml without the worker running
        var shipped = io.reelpipe.pipeline.model.FilterCatalogue.builtIn().stream()
                .filter(f -> f.name().equals("ocr")).findFirst().orElseThrow();
        assertThat(shipped.types()).isEqualTo(filter.parameterTypes());
    }

    private static OcrDocument.Item item(OcrDocument doc, String text) {
        return doc.items().stream().filter(i -> i.text().equals(text)).findFirst().orElseThrow();
    }
}
