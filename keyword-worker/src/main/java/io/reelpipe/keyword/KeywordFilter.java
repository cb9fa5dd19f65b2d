package io.reelpipe.keyword;

import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code keyword} filter: keywords from the subtitle stage's {@code transcript.json} and the ocr stage's
 * {@code ocr.json} (when upstream stages produced them) and the upload metadata (title, description, tags) →
 * {@code keywords.json}, plus the document's embedding → {@code embedding.json} when a model ranked them.
 */
@Component
public class KeywordFilter implements Filter<KeywordParameters> {

    private static final Logger log = LoggerFactory.getLogger(KeywordFilter.class);
    static final String TRANSCRIPT = "transcript.json";
    static final String SCREEN = "ocr.json";
    static final String OUTPUT = "keywords.json";
    static final String EMBEDDING = "embedding.json";
    private static final JsonMapper JSON_COMPACT = JsonMapper.builder().build();
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final KeywordExtractor extractor;

    public KeywordFilter(KeywordExtractor extractor) {
        this.extractor = extractor;
    }

    @Override
    public String name() {
        return "keyword";
    }

    @Override
    public Class<KeywordParameters> parametersType() {
        return KeywordParameters.class;
    }

    @Override
    public Mono<StageResult> run(StageContext<KeywordParameters> ctx) {
        KeywordParameters params = ctx.parameters() == null ? KeywordParameters.defaults() : ctx.parameters();
        return Mono.zip(transcript(ctx).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        screen(ctx).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(in -> {
                    ctx.throwIfCancelled();
                    ctx.progress(0.2);
                    return extractor.extract(KeywordInput.of(ctx.assetId(), in.getT1().orElse(null),
                            in.getT2().orElse(null), ctx.task().metadata()), params);
                })
                .flatMap(result -> {
                    ctx.progress(0.9);
                    return Mono.fromCallable(() -> write(ctx.scratch().resolve(OUTPUT), result))
                            .subscribeOn(Schedulers.boundedElastic())
                            .flatMap(file -> ctx.upload(OUTPUT, file, "application/json", attributes(result)))
                            .concatWith(embedding(ctx, result))
                            .collectList()
                            .map(outs -> new StageResult(outs, details(result)));
                })
                .doOnNext(r -> log.info("event=keywords jobId={} stage={} details={}", ctx.jobId(), ctx.stage(),
                        r.details()));
    }

    /**
     * {@code embedding.json}: the document's sentence embedding ({@code model}, {@code dimension}, unit-length
     * {@code vector}), for semantic search over the archive (catalog-service); nothing when no model ranked.
     */
    private Mono<OutputFile> embedding(StageContext<KeywordParameters> ctx, KeywordResult result) {
        if (result.documentEmbedding() == null || result.embedder() == null) {
            return Mono.empty();
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", 1);
        doc.put("model", result.embedder().model());
        doc.put("dimension", result.documentEmbedding().length);
        doc.put("vector", result.documentEmbedding());
        return Mono.fromCallable(() -> {
                    Path file = ctx.scratch().resolve(EMBEDDING);
                    Files.write(file, JSON_COMPACT.writeValueAsBytes(doc));
                    return file;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(file -> ctx.upload(EMBEDDING, file, "application/json",
                        Map.of("model", result.embedder().model(), "dimension", result.documentEmbedding().length)));
    }

    /** The transcript of the first upstream stage that lists {@code transcript.json}, if any. */
    private Mono<Transcript> transcript(StageContext<KeywordParameters> ctx) {
        return upstream(ctx, "subtitle", TRANSCRIPT).flatMap(path -> Mono.fromCallable(() -> read(path))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    /** The on-screen text of the first upstream stage that lists {@code ocr.json}, if any. */
    private Mono<OnScreenText> screen(StageContext<KeywordParameters> ctx) {
        return upstream(ctx, "ocr", SCREEN).flatMap(path -> Mono.fromCallable(() -> readScreen(path))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    /** Downloads the first upstream output named {@code name}, a stage of {@code filter} first. */
    private static Mono<Path> upstream(StageContext<KeywordParameters> ctx, String filter, String name) {
        Optional<OutputFile> out = ctx.task().upstream().values().stream()
                .sorted((a, b) -> Boolean.compare(!filter.equals(a.filter()), !filter.equals(b.filter())))
                .map(StageManifest::outputs)
                .flatMap(List::stream)
                .filter(o -> name.equals(o.name()) || o.name().endsWith("/" + name))
                .findFirst();
        if (out.isEmpty()) {
            return Mono.empty();
        }
        OutputFile o = out.get();
        return ctx.download(new ObjectRef(ctx.source().bucket(), o.key(), o.size(), o.contentType(), null));
    }

    static OnScreenText readScreen(Path file) {
        try {
            return JSON.readValue(file.toFile(), OnScreenText.class);
        } catch (JacksonException e) {
            throw new PermanentStageException("ocr.json is not valid on-screen text: " + e.getOriginalMessage(), e);
        }
    }

    static Transcript read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Transcript.class);
        } catch (JacksonException e) {
            throw new PermanentStageException("transcript.json is not a valid transcript: " + e.getOriginalMessage(), e);
        }
    }

    static Path write(Path file, KeywordResult result) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, JSON.writeValueAsBytes(result));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> attributes(KeywordResult r) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("count", r.keywords().size());
        a.put("method", r.method());
        if (r.language() != null) {
            a.put("language", r.language());
        }
        return a;
    }

    private static Map<String, Object> details(KeywordResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", r.method());
        if (r.fallback() != null) {
            d.put("fallback", r.fallback());
        }
        if (r.embedder() != null) {
            d.put("engine", r.embedder().engine());
            d.put("model", r.embedder().model());
            d.put("device", r.embedder().device());
        }
        d.put("keywords", r.keywords().size());
        d.put("transcript", r.inputs().transcript());
        if (r.inputs().speech() != null) {
            d.put("speech", r.inputs().speech());
        }
        if (r.inputs().screenTexts() != null) {
            d.put("screenTexts", r.inputs().screenTexts());
        }
        d.put("top", r.keywords().stream().limit(5).map(KeywordResult.Keyword::keyword).toList());
        return d;
    }
}
