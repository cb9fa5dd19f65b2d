package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What operators do to a running pool (issue #10), on the real dev stack: concurrency changed live through Redis,
 * pause/resume with queued tasks, a killed instance whose task another instance finishes, the heartbeat's task list
 * and per-minute counters, and the trace context handed from stage to stage.
 */
class PoolOperationsIT extends RuntimeITBase {

    static final Duration WAIT = Duration.ofSeconds(45);

    ObjectRef source(String assetId) {
        return h.store.putBytes(ObjectKeys.source("acme", assetId), "bytes".getBytes(StandardCharsets.UTF_8), "video/mp4")
                .block(WAIT);
    }

    String launch(Pipeline p, String traceparent) {
        String job = "job-" + UUID.randomUUID();
        String asset = "asset-" + job.substring(4, 12);
        JobLauncher.launch(h.bus, h.status, job, asset, "acme", p, source(asset), Map.of(), Map.of(), traceparent)
                .block(WAIT);
        return job;
    }

    /** A filter whose runs wait for {@link #release}; counts runs at once and at most. */
    static final class Gated {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        volatile CountDownLatch release = new CountDownLatch(1);
        final TestFilter filter;

        Gated(String name) {
            filter = new TestFilter(Harness.name(name), ctx -> Mono.fromCallable(() -> {
                runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    ctx.progress(0.5);
                    while (!release.await(20, TimeUnit.MILLISECONDS)) {
                        ctx.throwIfCancelled();
                    }
                } finally {
                    now.decrementAndGet();
                }
                return true;
            }).subscribeOn(Schedulers.boundedElastic()).then(TestFilter.writeOutput(ctx)));
        }
    }

    static void await(String what, java.util.function.BooleanSupplier cond, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void concurrencyChangesLiveWithoutRestart() throws Exception {
        Gated g = new Gated("conc");
        h.redis.sync().set(RedisKeys.poolConcurrency(g.filter.name()), "1");
        StageRuntime r = h.start(g.filter, h.props.withControlInterval(Duration.ofMillis(200)));
        Pipeline p = Pipeline.named("conc").stage("s", g.filter.name()).build();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(launch(p, null));
        }
        await("one running", () -> g.now.get() == 1, WAIT);
        Thread.sleep(600);
        assertThat(g.now.get()).isEqualTo(1);
        assertThat(r.concurrency()).isEqualTo(1);

        // the heartbeat lists the running task with its progress
        String worker = RedisKeys.worker(g.filter.name(), h.props.instanceId());
        await("heartbeat task list", () -> {
            String tasks = h.redis.sync().hget(worker, "tasks");
            return tasks != null && tasks.contains("\"progress\":0.5") && tasks.contains("\"stage\":\"s\"");
        }, WAIT);
        assertThat(h.redis.sync().hget(worker, "concurrency")).isEqualTo("1");

        h.redis.sync().set(RedisKeys.poolConcurrency(g.filter.name()), "2");
        await("two running after the change", () -> g.now.get() == 2, WAIT);
        assertThat(r.concurrency()).isEqualTo(2);
        g.release.countDown();
        for (String job : jobs) {
            assertThat(h.awaitJob(job, j -> j.state().terminal(), WAIT).state()).isEqualTo(JobState.COMPLETED);
            assertThat(g.runs.get(job).get()).isEqualTo(1);
        }
        assertThat(g.max.get()).isEqualTo(2);
        // per-minute completion counter for /admin/pools
        long minute = System.currentTimeMillis() / 60_000;
        await("done counter", () -> {
            long n = 0;
            for (long m = minute - 1; m <= minute; m++) {
                String v = h.redis.sync().get(RedisKeys.poolDone(g.filter.name(), m));
                n += v == null ? 0 : Long.parseLong(v);
            }
            return n == 3;
        }, WAIT);
    }

    @Test
    void pausedPoolRunsNothingAndResumesWithNothingLost() throws Exception {
        TestFilter f = new TestFilter(Harness.name("pause"));
        h.redis.sync().set(RedisKeys.poolPaused(f.name()), "1");
        // a new instance of a paused pool starts paused
        StageRuntime r = h.start(f, h.props.withControlInterval(Duration.ofMillis(200)));
        Pipeline p = Pipeline.named("pause").stage("s", f.name()).build();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(launch(p, null));
        }
        Thread.sleep(2500);
        assertThat(r.paused()).isTrue();
        assertThat(f.runs).isEmpty();
        for (String job : jobs) {
            assertThat(h.status.snapshot(job).block(WAIT).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
        h.redis.sync().del(RedisKeys.poolPaused(f.name()));
        for (String job : jobs) {
            assertThat(h.awaitJob(job, j -> j.state().terminal(), WAIT).state()).isEqualTo(JobState.COMPLETED);
            assertThat(f.runs(job)).isEqualTo(1);
        }
        assertThat(r.paused()).isFalse();
    }

    @Test
    void pauseLetsRunningStagesFinish() throws Exception {
        Gated g = new Gated("pause-run");
        StageRuntime r = h.start(g.filter, h.props.withControlInterval(Duration.ofMillis(200)));
        Pipeline p = Pipeline.named("pause-run").stage("s", g.filter.name()).build();
        String running = launch(p, null);
        await("running", () -> g.now.get() == 1, WAIT);
        h.redis.sync().set(RedisKeys.poolPaused(g.filter.name()), "1");
        await("paused", r::paused, WAIT);
        String queued = launch(p, null);
        g.release.countDown();
        assertThat(h.awaitJob(running, j -> j.state().terminal(), WAIT).state()).isEqualTo(JobState.COMPLETED);
        Thread.sleep(1500);
        assertThat(g.runs.get(queued)).isNull();
        h.redis.sync().del(RedisKeys.poolPaused(g.filter.name()));
        assertThat(h.awaitJob(queued, j -> j.state().terminal(), WAIT).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void aKilledInstancesTaskIsFinishedByTheOtherInstance() throws Exception {
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        String name = Harness.name("kill");
        // the first run hangs (its worker will be killed); later runs complete
        TestFilter f = new TestFilter(name, ctx -> {
            if (runs.incrementAndGet() == 1) {
                started.countDown();
                return Mono.never();
            }
            return TestFilter.writeOutput(ctx);
        });
        StageRuntime a = h.start(f, h.props.withInstanceId("it-kill-a"));
        StageRuntime b = h.start(f, h.props.withInstanceId("it-kill-b"));
        Pipeline p = Pipeline.named("kill").stage("s", name).build();
        String job = launch(p, null);
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String workerField = RedisKeys.stageField("s", "worker");
        await("worker recorded", () -> h.redis.sync().hget(RedisKeys.job(job), workerField) != null, WAIT);
        String victim = h.redis.sync().hget(RedisKeys.job(job), workerField);
        (victim.equals("it-kill-a") ? a : b).halt();

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(h.redis.sync().hget(RedisKeys.job(job), workerField)).isNotEqualTo(victim);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void everyStageRunContinuesTheUploadsTrace() throws Exception {
        TestFilter f = new TestFilter(Harness.name("trace"));
        h.start(f);
        Pipeline p = Pipeline.named("trace").stage("a", f.name()).stage("b", f.name(), "a").build();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String upload = "00-" + traceId + "-00f067aa0ba902b7-01";
        String job = launch(p, upload);
        h.awaitJob(job, j -> j.state().terminal(), WAIT);
        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCompleted), WAIT);
        String tpA = f.contexts.stream().filter(c -> c.jobId().equals(job) && c.stage().equals("a")).findFirst()
                .orElseThrow().task().traceparent();
        String tpB = f.contexts.stream().filter(c -> c.jobId().equals(job) && c.stage().equals("b")).findFirst()
                .orElseThrow().task().traceparent();
        // each stage runs in its own span (a filter sees it in ctx.task()) of the upload's trace
        assertThat(StageTracing.W3c.traceId(tpA)).isEqualTo(traceId);
        assertThat(StageTracing.W3c.traceId(tpB)).isEqualTo(traceId);
        assertThat(List.of(tpA, tpB)).doesNotHaveDuplicates().doesNotContain(upload);
    }
}
