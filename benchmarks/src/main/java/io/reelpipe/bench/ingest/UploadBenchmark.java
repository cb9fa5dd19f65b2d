package io.reelpipe.bench.ingest;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.bench.Stats;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * (4) Upload: {@code POST /v1/assets} (stream to S3 while hashing, probe + decode check through a presigned URL,
 * one DB transaction, outbox) MB/s vs a raw minio-java PUT of the same file to the same S3 server.
 */
public final class UploadBenchmark implements Benchmark {

    @Override
    public String name() {
        return "upload";
    }

    @Override
    public String description() {
        return "ingest POST /v1/assets MB/s vs raw S3 PUT (minio-java) of the same file to the same S3 server";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("sizeMb", 64, "approximate size of the generated H.264 upload (noise, so it does not compress)"),
                Param.of("rounds", 3, "uploads per side, alternating; the median is reported"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int sizeMb = ctx.intParam("sizeMb");
        int rounds = ctx.intParam("rounds");
        Path file = input(ctx, sizeMb);
        long bytes = Files.size(file);
        double mb = bytes / 1e6;
        DevStack stack = ctx.devStack();
        MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region(stack.s3Region()).build();
        List<Double> ours = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        ctx.log("starting ingest-service in process");
        try (IngestRig rig = new IngestRig(stack)) {
            rig.upload(file, "warmup.mp4"); // JIT, natives, connection pools
            rawPut(s3, stack.s3Bucket(), "bench/raw-warmup", file, bytes);
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                rig.upload(file, "upload-bench-" + r + ".mp4");
                ours.add(mb / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                rawPut(s3, stack.s3Bucket(), "bench/raw-" + r, file, bytes);
                raw.add(mb / ((System.nanoTime() - t0) / 1e9));
                ctx.log("round %d: ingest %.1f MB/s, raw PUT %.1f MB/s", r + 1, ours.getLast(), raw.getLast());
            }
        }
        Stats o = Stats.of(ours);
        Stats b = Stats.of(raw);
        Report rep = new Report(name(), String.format(Locale.ROOT, "%.1f MB H.264 MP4, %d rounds, HTTP client and S3 server "
                + "on this machine", mb, rounds));
        rep.labels("POST /v1/assets", "raw S3 PUT");
        rep.row(Row.higherBetter("throughput, median", o.median(), b.median(), "MB/s").withNote("target >= 0.9x raw PUT"));
        rep.row(Row.higherBetter("throughput, best", o.max(), b.max(), "MB/s"));
        rep.row(Row.lowerBetter("time per upload, median", mb / o.median(), mb / b.median(), "s"));
        rep.baseline("minio-java 8.6 putObject(stream, known size) of the same file to the same S3Proxy bucket (no hashing, "
                + "no probe, no database)");
        rep.note("ingest's figure includes SHA-256, the ffmpeg probe + head/tail decode check through a presigned URL, "
                + "the assets/jobs/stages/outbox transaction and the Redis job record; the 202 comes after all of it");
        return rep;
    }

    private static void rawPut(MinioClient s3, String bucket, String key, Path file, long bytes) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, bytes, -1)
                    .contentType("video/mp4").build());
        }
    }

    /** A noise H.264 MP4 (faststart) of about sizeMb, cached in the work dir. */
    static Path input(BenchContext ctx, int sizeMb) throws Exception {
        Path file = ctx.workDir().resolve("upload-noise-" + sizeMb + "mb.mp4");
        if (Files.exists(file)) {
            return file;
        }
        // 640x360 noise at qp 0-ish is ~0.5 MB/frame with ultrafast x264: size follows the frame count
        int frames = Math.max(10, (int) Math.round(sizeMb / 0.5));
        ctx.log("generating a ~%d MB noise video (%d frames)", sizeMb, frames);
        Path part = ctx.workDir().resolve(file.getFileName() + ".part.mp4");
        Ffmpeg.bundled().run(FfmpegCommand.of(null, "-f", "lavfi", "-i", "color=c=gray:s=640x360:r=25,noise=alls=100:allf=t",
                "-frames:v", String.valueOf(frames), "-c:v", "libx264", "-preset", "ultrafast", "-qp", "4",
                "-pix_fmt", "yuv420p", "-movflags", "+faststart", part.toString()));
        Files.move(part, file);
        return file;
    }
}
