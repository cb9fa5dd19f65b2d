package io.reelpipe.transcode.chunk;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaCancelledException;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.pipeline.filter.SharedWork;
import io.reelpipe.transcode.TranscodeSpec.Variant;
import io.reelpipe.transcode.TranscodeSpec;
import io.reelpipe.transcode.hls.HlsLadderTranscoder;
import io.reelpipe.transcode.hls.HlsRendition;
import io.reelpipe.transcode.ladder.Rung;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

/**
 * Chunked encoding of a long source.
 *
 * <ol>
 *   <li><b>Audio</b> is encoded once over the whole length (one decode, downmix/normalisation, one AAC encode per
 *       distinct bitrate): it is cheap, and encoding it whole keeps it gapless and the loudness processing
 *       continuous.</li>
 *   <li>Every intermediate file keeps its encoder's own timestamps ({@code -avoid_negative_ts disabled}: no
 *       per-file shift for B-frame delay or AAC priming, MPEG-TS's mux delay absorbs them) and the stitch copies
 *       them as they are ({@code -copyts}), so audio and video stay in sync exactly as in a single-pass encode.</li>
 *   <li><b>Video chunks</b>: each GOP-aligned range is decoded once with input seeking ({@code -ss/-t}), split and
 *       scaled to every rung with the same keyframe rule as the single-pass encode, and written as one MPEG-TS file
 *       per rung with {@code -output_ts_offset} = chunk start, so chunk timestamps continue each other. A finished
 *       chunk is checkpointed ({@link ChunkCheckpoints}); a retried task restores it instead of encoding it, so a
 *       worker killed mid-chunk loses only that chunk. Up to {@code parallel} chunks run at once.</li>
 *   <li><b>Stitch</b>: per rung the chunk files are joined and remuxed together with the audio into HLS
 *       ({@code -c copy}, segments cut at the forced keyframes), no re-encoding.</li>
 * </ol>
 */
public class ChunkedTranscoder {

    private static final Logger log = LoggerFactory.getLogger(ChunkedTranscoder.class);

    /**
     * What happened: chunk count, how many were restored from checkpoints, the shared plan's id and how many chunks
     * each worker instance encoded ({@code local} when nothing was shared).
     */
    public record Result(List<HlsRendition> renditions, int chunks, int restored, double chunkSeconds, String workId,
                         Map<String, Integer> encodedBy) {
    }

    /** How often a helper reports a chunk's progress to the offering stage. */
    static final Duration PART_PROGRESS_EVERY = Duration.ofSeconds(1);

    /** How long a claim or state read may take before the chunk loop gives up (Redis unreachable). */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);
    /** How often the stage looks again at chunks other workers hold. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final Ffmpeg ffmpeg;

    public ChunkedTranscoder(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    public Result transcode(TranscodeSpec spec, ChunkPlan plan, int parallel, String sourceIdentity,
                            ChunkCheckpoints checkpoints, Path work, Path hlsDir, ProgressListener progress,
                            CancellationCheck cancel) {
        return transcode(spec, plan, parallel, sourceIdentity, checkpoints, ChunkSharing.LOCAL, work, hlsDir, progress,
                cancel);
    }

    /**
     * @param sharing offers the chunks to other workers; this process then encodes the chunks nobody else claimed
     *                (first to last; helpers take them last to first), waits for the ones others hold, and restores
     *                what they finished from their checkpoints
     */
    public Result transcode(TranscodeSpec spec, ChunkPlan plan, int parallel, String sourceIdentity,
                            ChunkCheckpoints checkpoints, ChunkSharing sharing, Path work, Path hlsDir,
                            ProgressListener progress, CancellationCheck cancel) {
        if (spec.rungs().isEmpty()) {
            throw new IllegalArgumentException("chunked encoding needs video");
        }
        mkdirs(work);
        ProgressSplitter split = new ProgressSplitter(progress);
        // offered first, so helpers start while the audio is encoded here
        SharedChunkPlan shared = SharedChunkPlan.of(spec, plan, sourceIdentity);
        SharedWork claims = sharing.share(shared);
        // 1. audio, whole length
        Map<Long, Path> audio = new LinkedHashMap<>();
        if (spec.audio() != null) {
            audio = encodeAudio(spec, work, split.part(0.0, 0.05), cancel);
        }
        // 2. chunks
        int n = plan.chunks().size();
        double[] done = new double[n];
        ChunkRun run = new ChunkRun(spec, shared, claims, checkpoints, work, done, split.part(0.05, 0.90), cancel);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, n)),
                Thread.ofPlatform().name("chunk-", 0).daemon().factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            // the chunk threads log under the stage's job id too (the MDC is per thread)
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            for (int t = 0; t < Math.max(1, Math.min(parallel, n)); t++) {
                futures.add(pool.submit(() -> {
                    if (mdc != null) {
                        MDC.setContextMap(mdc);
                    }
                    try {
                        run.work();
                    } finally {
                        MDC.clear();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaCancelledException("interrupted while encoding chunks");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Path>> chunkFiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunkFiles.add(run.files.get(i));
        }
        // 3. stitch
        List<HlsRendition> renditions = stitch(spec, chunkFiles, audio, work, hlsDir, split.part(0.95, 1.0), cancel);
        Map<String, Integer> by = new TreeMap<>();
        for (ChunkPlan.Chunk c : plan.chunks()) {
            SharedWork.PartState st = claims.state(c.id()).block(CLAIM_TIMEOUT);
            by.merge(st == null || st.doneBy() == null ? "unknown" : st.doneBy(), 1, Integer::sum);
        }
        return new Result(renditions, n, run.restored.get(), plan.chunkSeconds(), shared.workId(), by);
    }

    /**
     * Helps another worker's stage: claims chunks of {@code plan} (the offered one first, then the others last to
     * first, away from the offering stage, which goes first to last), encodes each from {@code input} (a local path or
     * a presigned URL that FFmpeg reads ranges of), checkpoints it and marks it done. Returns the chunks it did.
     */
    public int help(SharedChunkPlan plan, String firstChunk, String input, SharedWork claims,
                    ChunkCheckpoints checkpoints, Path work, CancellationCheck cancel) {
        TranscodeSpec spec = plan.videoSpec(Path.of("shared-source"));
        List<ChunkPlan.Chunk> order = new ArrayList<>(plan.chunks().reversed());
        ChunkPlan.Chunk first = plan.chunk(firstChunk);
        order.remove(first);
        order.addFirst(first);
        int did = 0;
        for (ChunkPlan.Chunk chunk : order) {
            if (cancel.isCancelled()) {
                throw new MediaCancelledException("stopped helping before chunk " + chunk.id());
            }
            Optional<SharedWork.Lease> lease = claims.claim(chunk.id()).block(CLAIM_TIMEOUT);
            if (lease == null || lease.isEmpty()) {
                continue;
            }
            try {
                String fp = plan.fingerprint(chunk);
                if (checkpoints.has(chunk, fp)) {
                    log.info("event=chunk-already-checkpointed work={} chunk={}", plan.workId(), chunk.id());
                    claims.complete(lease.get()).block(CLAIM_TIMEOUT);
                    continue;
                }
                Path dir = work.resolve("chunks").resolve(chunk.id());
                mkdirs(dir);
                Map<String, Path> files = encodeChunk(spec, chunk, input, dir,
                        progressTo(claims, lease.get(), PART_PROGRESS_EVERY), cancel);
                if (checkpoints.save(chunk, fp, files)) {
                    claims.complete(lease.get()).block(CLAIM_TIMEOUT);
                    did++;
                    log.info("event=chunk-helped work={} chunk={} start={} duration={}", plan.workId(), chunk.id(),
                            chunk.start(), chunk.duration());
                } else {
                    claims.release(lease.get()).block(CLAIM_TIMEOUT); // the stage will encode it itself
                }
                deleteQuietly(dir);
            } catch (RuntimeException e) {
                claims.release(lease.get()).onErrorResume(x -> Mono.empty()).block(CLAIM_TIMEOUT);
                throw e;
            }
        }
        return did;
    }

    /** The offering stage's side of the chunks: claim and encode, or wait for and restore what others did. */
    private final class ChunkRun {
        private final TranscodeSpec spec;
        private final SharedChunkPlan shared;
        private final SharedWork claims;
        private final ChunkCheckpoints checkpoints;
        private final Path work;
        private final double[] done;
        private final ProgressListener progress;
        private final CancellationCheck cancel;
        final Map<Integer, Map<String, Path>> files = new ConcurrentHashMap<>();
        final AtomicInteger restored = new AtomicInteger();
        private final Set<Integer> taken = new HashSet<>();

        ChunkRun(TranscodeSpec spec, SharedChunkPlan shared, SharedWork claims, ChunkCheckpoints checkpoints, Path work,
                 double[] done, ProgressListener progress, CancellationCheck cancel) {
            this.spec = spec;
            this.shared = shared;
            this.claims = claims;
            this.checkpoints = checkpoints;
            this.work = work;
            this.done = done;
            this.progress = progress;
            this.cancel = cancel;
        }

        /** What one chunk thread does next. */
        private record Step(ChunkPlan.Chunk chunk, SharedWork.Lease lease, String doneBy, boolean finished) {
        }

        void work() {
            while (true) {
                if (cancel.isCancelled()) {
                    throw new MediaCancelledException("cancelled while encoding chunks");
                }
                Step step = next();
                if (step.finished()) {
                    return;
                }
                if (step.chunk() == null) {
                    sleep(POLL);
                    continue;
                }
                ChunkPlan.Chunk chunk = step.chunk();
                Path dir = work.resolve("chunks").resolve(chunk.id());
                mkdirs(dir);
                String fp = shared.fingerprint(chunk);
                if (step.lease() != null) {
                    try {
                        files.put(chunk.index(), restoreOrEncode(chunk, fp, dir));
                        claims.complete(step.lease()).block(CLAIM_TIMEOUT);
                    } catch (RuntimeException e) {
                        claims.release(step.lease()).onErrorResume(x -> Mono.empty())
                                .block(CLAIM_TIMEOUT);
                        throw e;
                    }
                } else {
                    // another worker finished it: take its checkpoint (encode here only if that is unusable)
                    Optional<Map<String, Path>> theirs = checkpoints.restore(chunk, fp, dir);
                    if (theirs.isPresent() && theirs.get().keySet().containsAll(rungNames(spec))) {
                        log.info("event=chunk-fetched work={} chunk={} doneBy={}", shared.workId(), chunk.id(),
                                step.doneBy());
                        files.put(chunk.index(), theirs.get());
                    } else {
                        log.warn("event=chunk-checkpoint-missing work={} chunk={} doneBy={} action=encode-here",
                                shared.workId(), chunk.id(), step.doneBy());
                        Map<String, Path> f = encodeChunk(spec, chunk, input(), dir,
                                p -> report(done, chunk.index(), p.fraction(), progress), cancel);
                        checkpoints.save(chunk, fp, f);
                        files.put(chunk.index(), f);
                    }
                }
                report(done, chunk.index(), 1.0, progress);
            }
        }

        private Map<String, Path> restoreOrEncode(ChunkPlan.Chunk chunk, String fp, Path dir) {
            Optional<Map<String, Path>> prior = checkpoints.restore(chunk, fp, dir);
            if (prior.isPresent() && prior.get().keySet().containsAll(rungNames(spec))) {
                restored.incrementAndGet();
                log.info("event=chunk-restored chunk={} start={} duration={}", chunk.id(), chunk.start(),
                        chunk.duration());
                return prior.get();
            }
            Map<String, Path> f = encodeChunk(spec, chunk, input(), dir,
                    p -> report(done, chunk.index(), p.fraction(), progress), cancel);
            checkpoints.save(chunk, fp, f);
            return f;
        }

        private String input() {
            return spec.source().toAbsolutePath().toString();
        }

        /** First to last: the first chunk that is done elsewhere (fetch it) or free (claim it); else wait or finish. */
        private synchronized Step next() {
            boolean open = false;
            for (ChunkPlan.Chunk c : shared.chunks()) {
                if (taken.contains(c.index())) {
                    continue;
                }
                open = true;
                SharedWork.PartState st = claims.state(c.id()).block(CLAIM_TIMEOUT);
                if (st != null && st.done()) {
                    taken.add(c.index());
                    return new Step(c, null, st.doneBy(), false);
                }
                if (st != null && st.status() == SharedWork.PartState.Status.CLAIMED && st.progress() > 0) {
                    // another worker is encoding it: its reported progress moves the stage's meanwhile
                    report(done, c.index(), st.progress(), progress);
                }
                if (st == null || st.status() == SharedWork.PartState.Status.FREE) {
                    Optional<SharedWork.Lease> lease = claims.claim(c.id()).block(CLAIM_TIMEOUT);
                    if (lease != null && lease.isPresent()) {
                        taken.add(c.index());
                        return new Step(c, lease.get(), null, false);
                    }
                }
            }
            return new Step(null, null, null, !open);
        }
    }

    /**
     * Reports a helped chunk's progress through its lease, at most once per {@code every} (fire and forget: a lost
     * report only delays the offering stage's progress).
     */
    static ProgressListener progressTo(SharedWork claims, SharedWork.Lease lease, Duration every) {
        return progressTo(claims, lease, every, System::nanoTime);
    }

    /** As above, with the clock ({@link System#nanoTime} in production) given. */
    static ProgressListener progressTo(SharedWork claims, SharedWork.Lease lease, Duration every, LongSupplier nanoClock) {
        AtomicLong next = new AtomicLong(nanoClock.getAsLong());
        return p -> {
            long now = nanoClock.getAsLong();
            long due = next.get();
            if (now - due >= 0 && next.compareAndSet(due, now + every.toNanos())) {
                claims.progress(lease, Math.clamp(p.fraction(), 0.0, 1.0))
                        .onErrorResume(e -> {
                            log.debug("event=chunk-progress-not-reported part={} error=\"{}\"", lease.part(),
                                    e.toString());
                            return Mono.empty();
                        })
                        .subscribe();
            }
        };
    }

    /** One FFmpeg run for a chunk: decode the range once, split + scale per rung, one video-only TS per rung. */
    public static FfmpegCommand chunkCommand(TranscodeSpec spec, ChunkPlan.Chunk chunk, Path dir) {
        return chunkCommand(spec, chunk, spec.source().toAbsolutePath().toString(), dir);
    }

    /** As above, reading {@code input} (a path or a URL FFmpeg can seek in) instead of the spec's source. */
    public static FfmpegCommand chunkCommand(TranscodeSpec spec, ChunkPlan.Chunk chunk, String input, Path dir) {
        List<String> a = new ArrayList<>();
        a.addAll(List.of("-filter_complex", spec.videoGraph()));
        String offset = String.format(Locale.ROOT, "%.6f", chunk.start());
        for (int i = 0; i < spec.rungs().size(); i++) {
            Rung r = spec.rungs().get(i);
            a.addAll(List.of("-map", "[v" + i + "]"));
            a.addAll(spec.encoder().options("v", r, spec.preset(), spec.segmentSeconds(), spec.fps()));
            a.addAll(List.of("-an", "-sn", "-dn", "-map_metadata", "-1", "-max_muxing_queue_size", "4096",
                    "-output_ts_offset", offset, "-avoid_negative_ts", "disabled", "-f", "mpegts", dir.resolve(r.name() + ".ts").toAbsolutePath().toString()));
        }
        List<String> all = new ArrayList<>(List.of("-ss", offset,
                "-t", String.format(Locale.ROOT, "%.6f", chunk.duration()),
                "-i", input));
        all.addAll(a);
        return new FfmpegCommand(all, Duration.ofMillis(Math.round(chunk.duration() * 1000)), true);
    }

    private Map<String, Path> encodeChunk(TranscodeSpec spec, ChunkPlan.Chunk chunk, String input, Path dir,
                                          ProgressListener progress, CancellationCheck cancel) {
        long t0 = System.nanoTime();
        ffmpeg.run(chunkCommand(spec, chunk, input, dir), progress, cancel);
        Map<String, Path> files = new LinkedHashMap<>();
        for (Rung r : spec.rungs()) {
            files.put(r.name(), dir.resolve(r.name() + ".ts"));
        }
        log.info("event=chunk-encoded chunk={} start={} duration={} took_ms={}", chunk.id(), chunk.start(),
                chunk.duration(), (System.nanoTime() - t0) / 1_000_000);
        return files;
    }

    /** Whole-length audio, one AAC file per distinct bitrate the variants use. */
    private Map<Long, Path> encodeAudio(TranscodeSpec spec, Path work, ProgressListener progress,
                                        CancellationCheck cancel) {
        List<Long> rates = new ArrayList<>(new LinkedHashSet<>(
                spec.variants().stream().map(Variant::audioBitrate).toList()));
        List<String> a = new ArrayList<>(List.of("-vn", "-sn", "-dn", "-filter_complex", spec.audioGraph(rates.size())));
        Map<Long, Path> out = new LinkedHashMap<>();
        for (int i = 0; i < rates.size(); i++) {
            Path f = work.resolve("audio-" + rates.get(i) + ".ts");
            out.put(rates.get(i), f);
            a.addAll(List.of("-map", "[a" + i + "]", "-c:a", "aac", "-b:a", Long.toString(rates.get(i)),
                    "-ac", "2", "-ar", "48000", "-map_metadata", "-1", "-avoid_negative_ts", "disabled", "-f", "mpegts", f.toAbsolutePath().toString()));
        }
        ffmpeg.run(FfmpegCommand.builder().input(spec.source()).args(a).expectedDuration(spec.duration()).build(),
                progress, cancel);
        return out;
    }

    private List<HlsRendition> stitch(TranscodeSpec spec, List<Map<String, Path>> chunkFiles, Map<Long, Path> audio,
                                      Path work, Path hlsDir, ProgressListener progress, CancellationCheck cancel) {
        List<Variant> variants = spec.variants();
        List<String> a = new ArrayList<>(List.of("-copyts"));
        // inputs: one joined video file per rung, then the audio files
        for (Variant v : variants) {
            Path joined = work.resolve(v.name() + ".video.ts");
            try (OutputStream out = Files.newOutputStream(joined)) {
                for (Map<String, Path> files : chunkFiles) {
                    Files.copy(files.get(v.name()), out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            a.addAll(List.of("-i", joined.toAbsolutePath().toString()));
        }
        List<Long> rates = new ArrayList<>(audio.keySet());
        for (Long rate : rates) {
            a.addAll(List.of("-i", audio.get(rate).toAbsolutePath().toString()));
        }
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            a.addAll(List.of("-map", i + ":v:0"));
            if (!map.isEmpty()) {
                map.append(' ');
            }
            map.append("v:").append(i);
            if (spec.audio() != null) {
                a.addAll(List.of("-map", (variants.size() + rates.indexOf(v.audioBitrate())) + ":a:0"));
                map.append(",a:").append(i);
            }
            map.append(",name:").append(v.name());
        }
        HlsLadderTranscoder.mkdirs(hlsDir, variants);
        a.addAll(List.of("-c", "copy", "-map_metadata", "-1", "-f", "hls",
                "-hls_time", Integer.toString(spec.segmentSeconds()),
                "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments",
                "-hls_segment_type", "mpegts",
                "-hls_segment_filename", hlsDir.toAbsolutePath() + "/%v/" + HlsLadderTranscoder.SEGMENT_PATTERN,
                "-var_stream_map", map.toString(),
                hlsDir.toAbsolutePath() + "/%v/" + HlsLadderTranscoder.PLAYLIST));
        ffmpeg.run(new FfmpegCommand(a, spec.duration(), true), progress, cancel);
        return HlsLadderTranscoder.collect(variants, hlsDir);
    }

    private static List<String> rungNames(TranscodeSpec spec) {
        return spec.rungs().stream().map(Rung::name).toList();
    }

    /** Identifies a chunk's content: same inputs, same settings, same range → same files. */
    static String fingerprint(TranscodeSpec spec, ChunkPlan.Chunk chunk, String sourceIdentity) {
        StringBuilder sb = new StringBuilder("v1|").append(sourceIdentity).append('|')
                .append(String.format(Locale.ROOT, "%.6f|%.6f|", chunk.start(), chunk.duration()))
                .append(spec.encoder()).append('|').append(spec.preset()).append('|').append(spec.segmentSeconds())
                .append('|').append(spec.fps());
        for (Rung r : spec.rungs()) {
            sb.append('|').append(r);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(double[] done, int index, double fraction, ProgressListener chunkProgress) {
        double sum;
        synchronized (done) {
            done[index] = Math.max(done[index], fraction);
            sum = 0;
            for (double d : done) {
                sum += d;
            }
            sum /= done.length;
        }
        chunkProgress.onProgress(new io.reelpipe.media.FfmpegProgress(sum, Duration.ZERO, 0, 0, false));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaCancelledException("interrupted while waiting for chunks");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // scratch: the runtime removes it anyway
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maps a sub-range of work onto {@code [from, to]} of the overall progress. */
    static final class ProgressSplitter {
        private final ProgressListener target;

        ProgressSplitter(ProgressListener target) {
            this.target = target;
        }

        ProgressListener part(double from, double to) {
            return p -> target.onProgress(new io.reelpipe.media.FfmpegProgress(from + (to - from) * p.fraction(),
                    p.processed(), p.speed(), p.frame(), false));
        }
    }
}
