package io.reelpipe.bench.ingest;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.media.SyntheticVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * (3) Status API: {@code GET /v1/jobs/{id}} (Redis fast path) under closed-loop load vs a plain WebFlux hello route
 * registered by the benchmark in the same ingest-service application context, same server, same client.
 */
public final class StatusApiBenchmark implements Benchmark {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String description() {
        return "GET /v1/jobs/{id} req/s and p99 vs a plain WebFlux hello route in the same ingest-service app";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("connections", 16, "concurrent clients (virtual threads, keep-alive)"),
                Param.of("duration", "5s", "measured time per endpoint and round"),
                Param.of("warmup", "3s", "unmeasured load per endpoint first"),
                Param.of("rounds", 2, "alternating rounds (status, hello, status, hello...)"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int connections = ctx.intParam("connections");
        Duration duration = ctx.durationParam("duration");
        Duration warmup = ctx.durationParam("warmup");
        int rounds = ctx.intParam("rounds");
        Path clip = ctx.workDir().resolve("status-clip-320x180-2s.mp4");
        if (!Files.exists(clip)) {
            SyntheticVideo.builder().size(320, 180).fps(25).duration(Duration.ofSeconds(2)).audioChannels(0).build().write(clip);
        }
        ctx.log("starting ingest-service in process");
        try (IngestRig rig = new IngestRig(ctx.devStack())) {
            String jobId = rig.upload(clip, "status-bench.mp4").get("jobId").asString();
            ctx.log("job %s created; warm-up %s per endpoint", jobId, warmup);
            var status = rig.uri("/v1/jobs/" + jobId);
            var hello = rig.uri("/bench/hello");
            LoadGenerator.run(status, rig.auth(), connections, warmup);
            LoadGenerator.run(hello, connections, warmup);
            long sReq = 0, hReq = 0, sErr = 0, hErr = 0;
            double sSec = 0, hSec = 0;
            List<Double> sP50 = new java.util.ArrayList<>(), sP99 = new java.util.ArrayList<>();
            List<Double> hP50 = new java.util.ArrayList<>(), hP99 = new java.util.ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ctx.log("round %d/%d", r + 1, rounds);
                LoadGenerator.Result s = LoadGenerator.run(status, rig.auth(), connections, duration);
                LoadGenerator.Result h = LoadGenerator.run(hello, connections, duration);
                sReq += s.requests(); sErr += s.errors(); sSec += s.seconds();
                hReq += h.requests(); hErr += h.errors(); hSec += h.seconds();
                sP50.add(s.latencyMs().p(50)); sP99.add(s.latencyMs().p(99));
                hP50.add(h.latencyMs().p(50)); hP99.add(h.latencyMs().p(99));
            }
            Report rep = new Report(name(), String.format(Locale.ROOT, "%d connections, %d x %s per endpoint, JDK HttpClient "
                    + "load generator in the same JVM", connections, rounds, ctx.param("duration")));
            rep.labels("GET /v1/jobs/{id}", "GET /bench/hello");
            rep.row(Row.higherBetter("requests/s", sReq / sSec, hReq / hSec, "req/s").withNote("target >= 0.5x hello"));
            rep.row(Row.lowerBetter("latency p50 (mean of rounds)", mean(sP50), mean(hP50), "ms"));
            rep.row(Row.lowerBetter("latency p99 (mean of rounds)", mean(sP99), mean(hP99), "ms"));
            rep.row(new Row("errors (non-200 or I/O)", (double) sErr, (double) hErr, "count", null, false, null));
            rep.baseline("a RouterFunction GET /bench/hello answering a constant 17-byte JSON, registered by the benchmark in "
                    + "ingest-service's own application context (same Netty server, filters, codecs)");
            rep.note("the job is a real upload (320x180 2 s clip) whose job sits QUEUED (no worker runs): the status reads "
                    + "the Redis hash rp:job:{id} and renders stages");
            rep.note("load generator, server and dev stack share the machine's cores: absolute req/s are a floor, the ratio is the figure");
            return rep;
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
