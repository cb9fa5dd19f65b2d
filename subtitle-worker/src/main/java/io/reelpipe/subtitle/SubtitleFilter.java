package io.reelpipe.subtitle;

import io.reelpipe.media.MediaException;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code subtitle} filter: captions ({@code {lang}.vtt}, {@code {lang}.srt}) and {@code transcript.json} from
 * embedded subtitle streams, the uploader's script synced to the audio, or speech-to-text.
 *
 * <p>The script comes from the task's upload metadata: {@code script} (the text itself) or {@code scriptKey} (an
 * object under the asset's prefix, e.g. {@code {tenant}/{assetId}/source/script.txt}, which ingest stores for
 * {@code POST /v1/assets/{id}/script}).
 */
@Component
public class SubtitleFilter implements Filter<SubtitleParameters> {

    private static final Logger log = LoggerFactory.getLogger(SubtitleFilter.class);
    public static final String SCRIPT = "script";
    public static final String SCRIPT_KEY = "scriptKey";

    private final SubtitleProcessor processor;
    private final SubtitleProperties props;

    public SubtitleFilter(SubtitleProcessor processor, SubtitleProperties props) {
        this.processor = processor;
        this.props = props;
    }

    @Override
    public String name() {
        return "subtitle";
    }

    @Override
    public Class<SubtitleParameters> parametersType() {
        return SubtitleParameters.class;
    }

    @Override
    public Mono<StageResult> run(StageContext<SubtitleParameters> ctx) {
        SubtitleParameters params = ctx.parameters() == null ? SubtitleParameters.defaults() : ctx.parameters();
        return script(ctx).map(Optional::of).defaultIfEmpty(Optional.empty())
                .zipWith(ctx.download(ctx.source()))
                .flatMap(t -> Mono.fromCallable(() -> process(ctx, params, t.getT2(), t.getT1().orElse(null)))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(outcome -> Flux.fromIterable(outcome.files())
                        .concatMap(f -> ctx.upload(f.name(), f.file(), f.contentType(), f.attributes()))
                        .collectList()
                        .map(outputs -> new StageResult(outputs, outcome.details())));
    }

    private SubtitleProcessor.Outcome process(StageContext<SubtitleParameters> ctx, SubtitleParameters params,
            Path source, String script) throws IOException {
        ctx.throwIfCancelled();
        Path work = Files.createDirectories(ctx.scratch().resolve("subtitle"));
        try {
            SubtitleProcessor.Outcome outcome = processor.process(source, params, script, work, ctx::progress,
                    new SubtitleProcessor.Cancellation(ctx::cancelled, ctx::throwIfCancelled));
            log.info("event=subtitles-done jobId={} stage={} source={} language={} words={} cues={}", ctx.jobId(),
                    ctx.stage(), outcome.transcript().source(), outcome.transcript().language(),
                    outcome.transcript().words().size(), outcome.transcript().cues().size());
            return outcome;
        } catch (MediaException e) {
            if (e.permanent()) {
                throw new PermanentStageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The script from upload metadata: inline ({@code script}) or stored ({@code scriptKey}); empty when none. */
    Mono<String> script(StageContext<SubtitleParameters> ctx) {
        String inline = ctx.task().metadata().get(SCRIPT);
        if (inline != null && !inline.isBlank()) {
            if (inline.getBytes(StandardCharsets.UTF_8).length > props.maxScriptBytes()) {
                return Mono.error(new PermanentStageException("the script is larger than "
                        + props.maxScriptBytes() + " bytes"));
            }
            return Mono.just(inline);
        }
        String key = ctx.task().metadata().get(SCRIPT_KEY);
        if (key == null || key.isBlank()) {
            return Mono.empty();
        }
        String prefix = ObjectKeys.assetPrefix(ctx.tenant(), ctx.assetId());
        if (!key.startsWith(prefix) || key.contains("..")) {
            return Mono.error(new PermanentStageException("scriptKey '" + key + "' is not an object of this asset ("
                    + prefix + "…)"));
        }
        return ctx.download(new ObjectRef(ctx.source().bucket(), key, -1, "text/plain", null))
                .map(path -> {
                    try {
                        if (Files.size(path) > props.maxScriptBytes()) {
                            throw new PermanentStageException("the script is larger than " + props.maxScriptBytes()
                                    + " bytes");
                        }
                        return Files.readString(path, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
