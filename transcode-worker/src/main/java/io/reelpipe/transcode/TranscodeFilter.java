package io.reelpipe.transcode;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegFailedException;
import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.MediaException;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageCancelledException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.filter.TransientStageException;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.transcode.TranscodeOutcome.LocalOutput;
import io.reelpipe.transcode.chunk.ChunkSharing;
import io.reelpipe.transcode.chunk.ObjectStoreCheckpoints;
import io.reelpipe.transcode.chunk.SharedChunkPlan;
import io.reelpipe.pipeline.filter.SharedWork;
import io.reelpipe.pipeline.wire.TaskPart;
import io.reelpipe.transcode.encoder.EncoderSelector;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code transcode} filter: HLS ladder (one decode, split + scale per rung, aligned segments) and progressive
 * MP4 renditions, EBU R128 loudness measurement and optional normalisation, chunked encoding of long sources.
 * Outputs go to {@code hls/master.m3u8}, {@code hls/{rendition}/index.m3u8 + seg-NNNNN.ts} and
 * {@code mp4/{rendition}.mp4} under the stage folder.
 */
@Component
public class TranscodeFilter implements Filter<TranscodeParameters> {

    private static final Logger log = LoggerFactory.getLogger(TranscodeFilter.class);
    /** FFmpeg messages that mean the source itself cannot be read: retrying the same bytes cannot help. */
    private static final Pattern INPUT_FAULT = Pattern.compile(
            "Invalid data found|error while decoding|moov atom not found|Invalid NAL|corrupt|truncat|"
                    + "partial file|End of file|could not find codec parameters|Decoding error|no frame!",
            Pattern.CASE_INSENSITIVE);
    private static final int UPLOAD_CONCURRENCY = 8;
    /** How long offering the chunks may take (one Kafka record per chunk). */
    private static final java.time.Duration OFFER_TIMEOUT = java.time.Duration.ofMinutes(2);
    /** Validity of the source URL a helper reads chunks through: longer than any chunk encode. */
    private static final java.time.Duration SOURCE_URL_TTL = java.time.Duration.ofHours(12);

    private final TranscodeService service;

    @Autowired
    public TranscodeFilter() {
        this(new TranscodeService(Ffmpeg.bundled(), new EncoderSelector(Ffmpeg.bundled())));
    }

    public TranscodeFilter(TranscodeService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "transcode";
    }

    @Override
    public Class<TranscodeParameters> parametersType() {
        return TranscodeParameters.class;
    }

    @Override
    public Mono<StageResult> run(StageContext<TranscodeParameters> ctx) {
        return ctx.download(ctx.source())
                .flatMap(source -> Mono.fromCallable(() -> transcode(ctx, source))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(outcome -> upload(ctx, outcome));
    }

    private TranscodeOutcome transcode(StageContext<TranscodeParameters> ctx, Path source) {
        ctx.throwIfCancelled();
        String identity = ctx.source().key() + "|" + ctx.source().etag() + "|" + ctx.source().size();
        try (MDC.MDCCloseable job = MDC.putCloseable("jobId", ctx.jobId());
             MDC.MDCCloseable stage = MDC.putCloseable("stage", ctx.stage())) {
            ChunkSharing sharing = plan -> ctx.share(plan.workId(), plan.partNames(), plan.toMap()).block(OFFER_TIMEOUT);
            return service.transcode(source, ctx.parameters(), ctx.scratch().resolve("transcode"), identity,
                    new ObjectStoreCheckpoints(ctx), sharing, f -> ctx.progress(f), ctx::cancelled);
        } catch (MediaCancelledException e) {
            throw new StageCancelledException(ctx.jobId(), ctx.stage());
        } catch (RuntimeException e) {
            throw classify(e);
        }
    }

    /**
     * Removes the chunk checkpoints once every output is stored: they only make a retry cheap, and would otherwise
     * double the storage of a long video. Best effort: what stays behind goes with the asset's retention.
     */
    private static Mono<Void> removeIntermediates(StageContext<TranscodeParameters> ctx, TranscodeOutcome outcome) {
        if (outcome.intermediates().isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(outcome.intermediates())
                .concatMap(name -> ctx.delete(name))
                .then()
                .doOnSuccess(v -> log.info("event=chunk-checkpoints-removed jobId={} stage={} objects={}", ctx.jobId(),
                        ctx.stage(), outcome.intermediates().size()))
                .onErrorResume(e -> {
                    log.warn("event=chunk-checkpoints-kept jobId={} stage={} reason=\"{}\"", ctx.jobId(), ctx.stage(),
                            e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Helps another worker's chunked transcode of a long source: encodes free chunks straight from a presigned URL of
     * the source (FFmpeg reads only the ranges it seeks to; a full download only where the store gives no URL).
     */
    @Override
    public Mono<Void> runPart(StageContext<TranscodeParameters> ctx) {
        TaskPart part = ctx.task().part();
        SharedChunkPlan plan;
        try {
            plan = SharedChunkPlan.fromMap(part.data());
        } catch (IllegalArgumentException e) {
            return Mono.error(new PermanentStageException("unusable chunk plan: " + e.getMessage(), e));
        }
        SharedWork claims = ctx.work();
        return Flux.fromIterable(plan.partNames())
                .concatMap(claims::state)
                .any(st -> st.status() == SharedWork.PartState.Status.FREE)
                .flatMap(free -> {
                    if (!free) {
                        log.info("event=chunk-help-skipped jobId={} stage={} work={} reason=no-free-chunk", ctx.jobId(),
                                ctx.stage(), plan.workId());
                        return Mono.<Void>empty();
                    }
                    return ctx.readUrl(ctx.source(), SOURCE_URL_TTL)
                            .switchIfEmpty(Mono.defer(() -> ctx.download(ctx.source())
                                    .map(p -> p.toAbsolutePath().toString())))
                            .flatMap(input -> Mono.fromCallable(() -> help(ctx, plan, part.name(), input, claims))
                                    .subscribeOn(Schedulers.boundedElastic()))
                            .doOnNext(n -> log.info("event=chunk-help-done jobId={} stage={} work={} chunks={}",
                                    ctx.jobId(), ctx.stage(), plan.workId(), n))
                            .then();
                });
    }

    private int help(StageContext<TranscodeParameters> ctx, SharedChunkPlan plan, String first, String input,
                     SharedWork claims) {
        // this thread was reached through Redis replies, which do not carry the runtime's log context: set it here
        try (MDC.MDCCloseable job = MDC.putCloseable("jobId", ctx.jobId());
             MDC.MDCCloseable stage = MDC.putCloseable("stage", ctx.stage())) {
            return service.helpWithChunks(plan, first, input, claims, new ObjectStoreCheckpoints(ctx),
                    ctx.scratch().resolve("help"), ctx::cancelled);
        } catch (MediaCancelledException e) {
            throw new StageCancelledException(ctx.jobId(), ctx.stage());
        } catch (RuntimeException e) {
            throw classify(e);
        }
    }

    /** Maps a failure to permanent (the input's fault) or transient, keeping FFmpeg's own words in the reason. */
    static RuntimeException classify(RuntimeException e) {
        if (e instanceof FfmpegFailedException f) {
            String all = f.getMessage() + "\n" + String.join("\n", f.stderrTail());
            if (INPUT_FAULT.matcher(all).find()) {
                return new PermanentStageException("the source could not be decoded: " + f.getMessage(), f);
            }
            return new TransientStageException("transcode failed: " + f.getMessage(), f);
        }
        if (e instanceof MediaException m) {
            return m.permanent() ? new PermanentStageException(m.getMessage(), m)
                    : new TransientStageException(m.getMessage(), m);
        }
        if (e instanceof IllegalArgumentException) {
            return new PermanentStageException(e.getMessage(), e);
        }
        return e;
    }

    private Mono<StageResult> upload(StageContext<TranscodeParameters> ctx, TranscodeOutcome outcome) {
        List<LocalOutput> segments = outcome.files().stream().filter(f -> !f.listed()).toList();
        List<LocalOutput> listed = outcome.files().stream().filter(LocalOutput::listed).toList();
        return Flux.fromIterable(segments)
                .flatMap(f -> ctx.upload(f.name(), f.file(), f.contentType(), f.attributes()), UPLOAD_CONCURRENCY)
                .then(Flux.fromIterable(listed)
                        .concatMap(f -> ctx.upload(f.name(), f.file(), f.contentType(), f.attributes()))
                        .collectList())
                .flatMap((List<OutputFile> outs) -> removeIntermediates(ctx, outcome).thenReturn(outs))
                .map((List<OutputFile> outs) -> {
                    ctx.progress(1.0);
                    log.info("event=transcode-uploaded jobId={} stage={} files={} listed={}", ctx.jobId(),
                            ctx.stage(), outcome.files().size(), outs.size());
                    return new StageResult(outs, outcome.details());
                });
    }

}
