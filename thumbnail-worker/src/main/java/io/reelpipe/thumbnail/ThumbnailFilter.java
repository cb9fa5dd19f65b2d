package io.reelpipe.thumbnail;

import io.reelpipe.media.MediaException;
import io.reelpipe.media.VideoFrames;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.thumbnail.poster.PosterChoice;
import io.reelpipe.thumbnail.poster.PosterPicker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The {@code thumbnail} filter: a poster JPEG for now; scenes, sprites and previews come with their issue. */
@Component
public class ThumbnailFilter implements Filter<ThumbnailParameters> {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailFilter.class);

    private final PosterPicker posters = new PosterPicker();

    @Override
    public String name() {
        return "thumbnail";
    }

    @Override
    public Class<ThumbnailParameters> parametersType() {
        return ThumbnailParameters.class;
    }

    @Override
    public Mono<StageResult> run(StageContext<ThumbnailParameters> ctx) {
        return ctx.download(ctx.source())
                .flatMap(source -> Mono.fromCallable(() -> pickPoster(ctx, source)).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(choice -> ctx.upload("poster.jpg", choice.file(), "image/jpeg", choice.attributes())
                        .map(out -> {
                            Map<String, Object> details = new LinkedHashMap<>();
                            details.put("poster", choice.attributes());
                            return new StageResult(List.of(out), details);
                        }));
    }

    private PosterChoice pickPoster(StageContext<ThumbnailParameters> ctx, Path source) {
        ctx.throwIfCancelled();
        try (VideoFrames frames = VideoFrames.open(source)) {
            PosterChoice choice = posters.pick(frames, ctx.parameters().poster(), ctx.scratch().resolve("poster.jpg"),
                    ctx::progress, ctx::throwIfCancelled);
            log.info("event=poster-picked jobId={} stage={} time={} score={}", ctx.jobId(), ctx.stage(),
                    choice.attributes().get("time"), choice.attributes().get("score"));
            return choice;
        } catch (MediaException e) {
            if (e.permanent()) {
                throw new PermanentStageException(e.getMessage(), e);
            }
            throw e;
        }
    }
}
