package io.reelpipe.bench.runtime;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.runtime.StageRuntime;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.WireFormat;
import io.reelpipe.transcode.TranscodeFilter;
import io.reelpipe.transcode.TranscodeService;
import io.reelpipe.transcode.encoder.EncoderSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * (5b) Chunked transcoding shared by several workers: the same long input, the same ladder and chunk plan, run by one
 * transcode worker and then by two, each worker a full stage runtime on the dev stack (Kafka, Redis, S3Proxy) whose
 * FFmpeg processes are pinned to one CPU core of their own ({@code taskset}), as two one-core pods would be. The worker
 * that gets the stage offers the chunks on {@code reelpipe.stage.transcode}; the other one claims chunks and encodes
 * them from a presigned URL; the stage stitches. Baseline: the one-worker run, same input, same run.
 */
public final class SharedChunkingBenchmark implements Benchmark {

    @Override
    public String name() {
        return "transcode-workers";
    }

    @Override
    public String description() {
        return "chunked transcode of one long input: 2 workers (1 core each) vs 1 worker (1 core), end to end on the dev stack";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("seconds", 90, "input length"),
                Param.of("width", 1280, "input width"),
                Param.of("height", 720, "input height"),
                Param.of("fps", 30, "input frame rate"),
                Param.of("ladder", "720p,480p,360p", "rungs"),
                Param.of("preset", "veryfast", "x264 preset"),
                Param.of("segment", 4, "HLS segment seconds"),
                Param.of("chunkSeconds", 12, "chunk length"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int seconds = ctx.intParam("seconds");
        int width = ctx.intParam("width");
        int height = ctx.intParam("height");
        int fps = ctx.intParam("fps");
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            throw new IllegalStateException("needs 2 CPU cores (one per worker), this machine has " + cores);
        }
        Path src = io.reelpipe.bench.media.TranscodeBenchmark.input(ctx, width, height, fps, seconds);
        Path dir = ctx.cleanDir("transcode-workers");
        DevStack stack = ctx.devStack();
        Map<String, Object> with = Map.of(
                "ladder", List.of(ctx.param("ladder").split(",")).stream().map(String::trim).toList(),
                "preset", ctx.param("preset"), "segmentSeconds", ctx.intParam("segment"), "formats", List.of("hls"),
                "chunking", Map.of("thresholdSeconds", 0, "chunkSeconds", ctx.doubleParam("chunkSeconds")));
        Pipeline pipeline = Pipeline.named("bench-shared-chunks").stage("transcode", "transcode", with).build();

        ctx.log("1 worker on core 0");
        Run one = runJob(ctx, stack, dir, src, pipeline, 1);
        ctx.log("2 workers on cores 0 and 1");
        Run two = runJob(ctx, stack, dir, src, pipeline, 2);

        Report rep = new Report(name(), String.format(Locale.ROOT, "%d s %dx%d %d fps synthetic input, ladder %s, "
                        + "libx264 %s, %d s segments, %d chunks of %s s; every worker's FFmpeg pinned to one core", seconds,
                width, height, fps, ctx.param("ladder"), ctx.param("preset"), ctx.intParam("segment"), one.chunks,
                ctx.param("chunkSeconds")));
        rep.row(Row.higherBetter("upload-to-done: x realtime", seconds / two.seconds, seconds / one.seconds, "x")
                .withNote("2 workers vs 1; ideal 2.0 (audio, stitch and upload stay on the stage's worker)"));
        rep.row(Row.lowerBetter("stage wall time", two.seconds, one.seconds, "s"));
        rep.row(Row.info("chunks encoded per worker (2-worker run)", two.maxShare, "chunks, busiest worker", false)
                .withNote("encodedBy " + two.encodedBy));
        rep.baseline("the same job on 1 transcode worker (1 core), same input, same dev stack, same run");
        rep.note("both runs: the full stage (probe, loudness, audio, chunks, stitch, upload of every segment) measured "
                + "from launch to COMPLETED in Redis; the machine's other processes (Kafka, S3Proxy, Redis, the JVM) "
                + "share the same 2 cores, so the ideal 2.0 is not reachable here");
        return rep;
    }

    private record Run(double seconds, int chunks, Map<String, Integer> encodedBy, int maxShare) {
    }

    @SuppressWarnings("unchecked")
    private Run runJob(BenchContext ctx, DevStack stack, Path dir, Path src, Pipeline pipeline, int workers)
            throws Exception {
        List<WorkerRig> rigs = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                Path ffmpeg = pinnedFfmpeg(dir, i);
                TranscodeFilter filter = new TranscodeFilter(new TranscodeService(new Ffmpeg(ffmpeg),
                        new EncoderSelector(new Ffmpeg(ffmpeg))));
                rigs.add(new WorkerRig(stack, Map.of(
                        "reelpipe.runtime.instance-id", "bench-transcode-" + workers + "-" + i,
                        "reelpipe.runtime.concurrency", "1",
                        "reelpipe.runtime.scratch-dir", dir.resolve("scratch-" + workers + "-" + i).toString()),
                        List.of(filter)));
            }
            // every worker must hold partitions before the job starts, or a late one finds nothing left to do
            rigs.getFirst().bus.awaitConsumers(StageRuntime.group("transcode"), workers, Duration.ofSeconds(90))
                    .block(Duration.ofSeconds(100));
            WorkerRig rig = rigs.getFirst();
            String asset = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            ObjectRef source = rig.store.putFile(ObjectKeys.source("bench", asset), src, "video/mp4")
                    .block(Duration.ofMinutes(5));
            String job = "bench-chunks-" + UUID.randomUUID();
            long t0 = System.nanoTime();
            JobLauncher.launch(rig.bus, rig.status, job, asset, "bench", pipeline, source, Map.of(), Map.of(), null)
                    .block(Duration.ofSeconds(30));
            JobSnapshot s = await(rig, job);
            double took = (System.nanoTime() - t0) / 1e9;
            if (s.state() != JobState.COMPLETED) {
                throw new IllegalStateException("job " + job + " ended " + s.state() + ": " + s.error());
            }
            StageManifest m = WireFormat.read(rig.store.getBytes(ObjectKeys.manifest("bench", asset, "transcode"))
                    .block(Duration.ofSeconds(30)), StageManifest.class);
            Map<String, Object> chunking = (Map<String, Object>) m.details().get("chunking");
            Map<String, Integer> by = (Map<String, Integer>) chunking.get("encodedBy");
            ctx.log("%d worker(s): %.1f s, chunks by worker %s", workers, took, by);
            return new Run(took, ((Number) chunking.get("chunks")).intValue(), by,
                    by.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        } finally {
            rigs.forEach(WorkerRig::close);
        }
    }

    /** A wrapper that runs the bundled FFmpeg on one core only. */
    private static Path pinnedFfmpeg(Path dir, int core) throws Exception {
        Path script = dir.resolve("ffmpeg-core" + core + ".sh");
        Files.writeString(script, "#!/bin/sh\nexec taskset -c " + core + " '" + Ffmpeg.bundled().binary() + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static JobSnapshot await(WorkerRig rig, String job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JobSnapshot> s = rig.status.snapshot(job).block(Duration.ofSeconds(10));
            if (s.isPresent() && s.get().state().terminal()) {
                return s.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + job + " did not end within 30 minutes");
    }

}
