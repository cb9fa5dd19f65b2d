package io.reelpipe.thumbnail;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.MediaException;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.wire.OutputFile;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code thumbnail} filter: poster, storyboard (sprite sheets + WebVTT), and on request scene keyframes and an
 * animated preview. The media work ({@link ThumbnailRenderer}) runs on boundedElastic against the downloaded
 * source in scratch space; the files are then uploaded under {@code …/thumbnail/} and listed, with their
 * attributes, in the manifest the runtime writes.
 */
@Component
public class ThumbnailFilter implements Filter<ThumbnailParameters> {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailFilter.class);
    /** Share of the progress bar that rendering takes; uploads take the rest. */
    private static final double RENDER_SHARE = 0.9;
    private static final int UPLOAD_CONCURRENCY = 4;

    private final ThumbnailRenderer renderer;

    public ThumbnailFilter() {
        this(new ThumbnailRenderer(Ffmpeg.bundled()));
    }

    public ThumbnailFilter(ThumbnailRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public String name() {
        return "thumbnail";
    }

    @Override
    public Class<ThumbnailParameters> parametersType() {
        return ThumbnailParameters.class;
    }

    /** The record's components plus {@code sprite}, the alias of {@code storyboard} that DESIGN.md's example uses. */
    @Override
    public Set<String> parameterNames() {
        Set<String> names = new LinkedHashSet<>(Filter.super.parameterNames());
        names.add("sprite");
        return names;
    }

    @Override
    public Mono<StageResult> run(StageContext<ThumbnailParameters> ctx) {
        ThumbnailParameters params = ctx.parameters() != null ? ctx.parameters() : ThumbnailParameters.defaults();
        return ctx.download(ctx.source())
                .flatMap(source -> Mono.fromCallable(() -> render(ctx, params, source)).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(rendition -> {
                    int n = rendition.files().size();
                    AtomicInteger uploaded = new AtomicInteger();
                    return Flux.fromIterable(rendition.files())
                            .flatMapSequential(f -> ctx.upload(f.name(), f.file(), f.contentType(), f.attributes())
                                    .doOnNext(out -> ctx.progress(RENDER_SHARE + (1 - RENDER_SHARE) * uploaded.incrementAndGet() / n)),
                                    UPLOAD_CONCURRENCY)
                            .collectList()
                            .map(outputs -> new StageResult(outputs, rendition.details()));
                });
    }

    private ThumbnailRenderer.Rendition render(StageContext<ThumbnailParameters> ctx, ThumbnailParameters params, Path source) {
        Path dir = ctx.scratch().resolve("out");
        try {
            ThumbnailRenderer.Rendition r = renderer.render(source, params, dir, f -> ctx.progress(RENDER_SHARE * f),
                    ctx::cancelled, ctx::throwIfCancelled);
            log.info("event=thumbnails jobId={} stage={} files={} details={}", ctx.jobId(), ctx.stage(), r.files().size(),
                    r.details().get("timings"));
            return r;
        } catch (MediaException e) {
            if (e.permanent()) {
                throw new PermanentStageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** For tests and logs: the outputs' names. */
    static java.util.List<String> names(StageResult r) {
        return r.outputs().stream().map(OutputFile::name).toList();
    }
}
