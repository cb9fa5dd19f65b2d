package io.reelpipe.ocr;

import io.reelpipe.media.MediaException;
import io.reelpipe.ocr.engine.Tessdata;
import io.reelpipe.ocr.engine.TesseractPool;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.tesseract.TessBaseAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ocr} filter: the text shown on screen ({@link OcrScanner}) → {@code ocr.json} and the WebVTT metadata
 * track {@code ocr.vtt}. The keyword stage reads {@code ocr.json} as a source beside metadata and speech.
 */
@Component
public class OcrFilter implements Filter<OcrParameters> {

    private static final Logger log = LoggerFactory.getLogger(OcrFilter.class);
    static final String OUTPUT = "ocr.json";
    static final String TRACK = "ocr.vtt";
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final double SCAN_SHARE = 0.95;

    private final OcrScanner scanner;
    private final Path tessdata;
    private final String engine;

    public OcrFilter(OcrScanner scanner, TesseractPool engines) {
        this.scanner = scanner;
        this.tessdata = engines.tessdata();
        this.engine = "tesseract " + TessBaseAPI.Version().getString();
    }

    @Override
    public String name() {
        return "ocr";
    }

    @Override
    public Class<OcrParameters> parametersType() {
        return OcrParameters.class;
    }

    @Override
    public Mono<StageResult> run(StageContext<OcrParameters> ctx) {
        OcrParameters params = ctx.parameters() != null ? ctx.parameters() : OcrParameters.defaults();
        String missing = Tessdata.missing(tessdata, params.codes());
        if (missing != null) {
            return Mono.error(new PermanentStageException(missing));
        }
        return ctx.download(ctx.source())
                .flatMap(source -> Mono.fromCallable(() -> scan(ctx, params, source))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(doc -> Flux.concat(
                                ctx.upload(OUTPUT, write(ctx.scratch().resolve(OUTPUT), JSON.writeValueAsString(doc)),
                                        "application/json", Map.of("items", doc.items().size())),
                                ctx.upload(TRACK, write(ctx.scratch().resolve(TRACK), OcrVtt.of(doc)), "text/vtt",
                                        Map.of("kind", "metadata")))
                        .collectList()
                        .map(outputs -> new StageResult(outputs, details(doc))));
    }

    private OcrDocument scan(StageContext<OcrParameters> ctx, OcrParameters params, Path source) {
        try {
            OcrScanner.Scan scan = scanner.scan(source, params, f -> ctx.progress(SCAN_SHARE * f), ctx::cancelled);
            OcrDocument doc = OcrDocument.of(scan, params, engine);
            log.info("event=ocr jobId={} stage={} items={} samples={} framesRead={} seconds={}", ctx.jobId(),
                    ctx.stage(), doc.items().size(), scan.samples(), scan.framesRead(), doc.sampling().seconds());
            return doc;
        } catch (MediaException e) {
            if (e.permanent()) {
                throw new PermanentStageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> details(OcrDocument doc) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("engine", doc.engine());
        d.put("items", doc.items().size());
        d.put("samples", doc.sampling().samples());
        d.put("framesRead", doc.sampling().framesRead());
        d.put("seconds", doc.sampling().seconds());
        List<String> top = doc.items().stream().limit(5).map(OcrDocument.Item::text).toList();
        d.put("texts", top);
        return d;
    }
}
