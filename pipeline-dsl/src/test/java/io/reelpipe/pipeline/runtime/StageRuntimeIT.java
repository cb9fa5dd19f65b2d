package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.bus.ReceivedMessage;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.status.StageSnapshot;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.Headers;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageState;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The stage runtime end to end on real Kafka, Redis and S3Proxy. */
class StageRuntimeIT extends RuntimeITBase {

    static final Duration WAIT = Duration.ofSeconds(45);

    static String jobId() {
        return "job-" + UUID.randomUUID();
    }

    ObjectRef source(String tenant, String assetId) {
        String key = ObjectKeys.source(tenant, assetId);
        return h.store.putBytes(key, "source bytes".getBytes(StandardCharsets.UTF_8), "video/mp4").block(WAIT);
    }

    @Test
    void fanOutFanInRunsTheJoinOnceAndCompletesTheJob() throws Exception {
        TestFilter a = new TestFilter(Harness.name("fa"));
        TestFilter b = new TestFilter(Harness.name("fb"));
        TestFilter c = new TestFilter(Harness.name("fc"));
        TestFilter d = new TestFilter(Harness.name("fd"));
        List.of(a, b, c, d).forEach(h::start);
        Pipeline p = Pipeline.named("fan-in")
                .stage("a", a.name(), Map.of("label", "first"))
                .stage("b", b.name(), Map.of("delayMs", 100), "a")
                .stage("c", c.name(), Map.of("delayMs", 100), "a")
                .stage("d", d.name(), "b", "c")
                .build();
        String job = jobId();
        ObjectRef src = source("acme", "asset-fan");
        JobLauncher.launch(h.bus, h.status, job, "asset-fan", "acme", p, src, Map.of("durationSeconds", 1.0),
                Map.of("filename", "x.mp4"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").block(WAIT);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(s.progress()).isEqualTo(1.0);
        assertThat(s.stages()).extracting(StageSnapshot::name).containsExactly("a", "b", "c", "d");
        assertThat(s.stages()).allSatisfy(st -> {
            assertThat(st.state()).isEqualTo(StageState.COMPLETED);
            assertThat(st.progress()).isEqualTo(1.0);
            assertThat(st.attempt()).isEqualTo(1);
        });
        assertThat(List.of(a.runs(job), b.runs(job), c.runs(job), d.runs(job))).containsExactly(1, 1, 1, 1);

        // the join saw both upstream manifests; every stage wrote its manifest and output to deterministic keys
        StageTask joinTask = d.contexts.getFirst().task();
        assertThat(joinTask.upstream()).containsOnlyKeys("b", "c");
        assertThat(joinTask.upstream().get("b").outputs().getFirst().key()).isEqualTo("acme/asset-fan/b/out.txt");
        assertThat(joinTask.traceparent()).startsWith("00-0af7");
        assertThat(b.contexts.getFirst().task().upstream()).containsOnlyKeys("a");
        assertThat(a.contexts.getFirst().parameters().label()).isEqualTo("first");
        for (String stage : List.of("a", "b", "c", "d")) {
            StageManifest m = WireFormat.read(h.store.getBytes(ObjectKeys.manifest("acme", "asset-fan", stage)).block(WAIT),
                    StageManifest.class);
            assertThat(m.stage()).isEqualTo(stage);
            assertThat(m.jobId()).isEqualTo(job);
            assertThat(h.store.stat("acme/asset-fan/" + stage + "/out.txt").block(WAIT)).isPresent();
        }
        // scratch space is gone
        Thread.sleep(200);
        assertThat(Files.exists(h.props.scratchDir().resolve(job))).isTrue();
        try (var files = Files.walk(h.props.scratchDir().resolve(job))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }

        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCompleted), WAIT);
        assertThat(h.events(job, StageEvent.StageStarted.class)).hasSize(4);
        assertThat(h.events(job, StageEvent.StageCompleted.class)).extracting(StageEvent.StageCompleted::stage)
                .containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(h.events(job, StageEvent.JobCompleted.class)).hasSize(1);

        // progress and state changes are in the job's stream; hash and stream expire after the retention
        var redis = h.redis.sync();
        assertThat(redis.xlen(RedisKeys.jobStream(job))).isGreaterThanOrEqualTo(10);
        assertThat(redis.ttl(RedisKeys.job(job))).isBetween(1L, h.props.jobRetention().toSeconds());
        assertThat(redis.ttl(RedisKeys.jobStream(job))).isBetween(1L, h.props.jobRetention().toSeconds());

        // heartbeats and the filter catalogue
        assertThat(redis.hgetall(RedisKeys.worker(a.name(), h.props.instanceId()))).containsKeys("host", "version",
                "concurrency", "inFlight", "startedAt", "processed", "failed");
        assertThat(redis.ttl(RedisKeys.worker(a.name(), h.props.instanceId()))).isBetween(1L, 5L);
        assertThat(h.status.filters().block(WAIT)).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo(a.name());
            assertThat(f.parameters()).containsExactlyInAnyOrder("label", "delayMs");
        });
    }

    @Test
    void transientFailureSucceedsOnTheSecondAttempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestFilter flaky = new TestFilter(Harness.name("flaky"), ctx -> calls.incrementAndGet() == 1
                ? Mono.error(new java.io.IOException("storage hiccup"))
                : TestFilter.writeOutput(ctx));
        TestFilter next = new TestFilter(Harness.name("next"));
        h.start(flaky);
        h.start(next);
        Pipeline p = Pipeline.named("flaky").stage("x", flaky.name()).stage("y", next.name(), "x").build();
        String job = jobId();
        JobLauncher.launch(h.bus, h.status, job, "asset-flaky", "acme", p, source("acme", "asset-flaky"), Map.of(),
                Map.of(), null).block(WAIT);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(s.stage("x").orElseThrow().attempt()).isEqualTo(2);
        assertThat(s.stage("x").orElseThrow().error()).isNull();
        assertThat(flaky.runs(job)).isEqualTo(2);
        assertThat(next.runs(job)).isEqualTo(1);
        assertThat(flaky.contexts).extracting(c -> c.task().attempt()).containsExactly(1, 2);

        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCompleted), WAIT);
        List<StageEvent.StageFailed> failures = h.events(job, StageEvent.StageFailed.class);
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst().willRetry()).isTrue();
        assertThat(failures.getFirst().attempt()).isEqualTo(1);
        assertThat(failures.getFirst().reason()).isEqualTo("storage hiccup");
        assertThat(failures.getFirst().errorType()).isEqualTo("java.io.IOException");
        assertThat(h.dlq.stream().filter(m -> job.equals(m.key()))).isEmpty();
    }

    @Test
    void permanentFailureGoesToTheDlqSkipsDependantsAndFailsTheJob() throws Exception {
        TestFilter bad = new TestFilter(Harness.name("bad"),
                ctx -> Mono.error(new PermanentStageException("this file has no audio track")));
        TestFilter after = new TestFilter(Harness.name("after"));
        TestFilter side = new TestFilter(Harness.name("side"));
        List.of(bad, after, side).forEach(h::start);
        Pipeline p = Pipeline.named("doomed")
                .stage("audio", bad.name())
                .stage("words", after.name(), "audio")
                .stage("summary", after.name(), "words")
                .stage("poster", side.name())
                .build();
        String job = jobId();
        JobLauncher.launch(h.bus, h.status, job, "asset-bad", "acme", p, source("acme", "asset-bad"), Map.of(), Map.of(),
                null).block(WAIT);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error()).isEqualTo("stage audio failed: this file has no audio track");
        assertThat(s.stage("audio").orElseThrow().state()).isEqualTo(StageState.FAILED);
        assertThat(s.stage("audio").orElseThrow().error()).isEqualTo("this file has no audio track");
        assertThat(s.stage("words").orElseThrow().state()).isEqualTo(StageState.SKIPPED);
        assertThat(s.stage("summary").orElseThrow().state()).isEqualTo(StageState.SKIPPED);
        assertThat(s.stage("poster").orElseThrow().state()).isEqualTo(StageState.COMPLETED);
        assertThat(bad.runs(job)).isEqualTo(1);
        assertThat(after.runs(job)).isZero();

        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobFailed), WAIT);
        StageEvent.StageFailed f = h.events(job, StageEvent.StageFailed.class).getFirst();
        assertThat(f.willRetry()).isFalse();
        assertThat(f.errorType()).isEqualTo(PermanentStageException.class.getName());
        assertThat(h.events(job, StageEvent.StageSkipped.class)).extracting(StageEvent.StageSkipped::stage)
                .containsExactlyInAnyOrder("words", "summary");
        assertThat(h.events(job, StageEvent.JobFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("stage audio failed: this file has no audio track"));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (h.dlq.stream().noneMatch(m -> job.equals(m.key())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ReceivedMessage dead = h.dlq.stream().filter(m -> job.equals(m.key())).findFirst().orElseThrow();
        assertThat(dead.headers())
                .containsEntry(Headers.ERROR, "this file has no audio track")
                .containsEntry(Headers.ERROR_TYPE, PermanentStageException.class.getName())
                .containsEntry(Headers.STAGE, "audio")
                .containsEntry(Headers.ATTEMPTS, "1");
        assertThat(WireFormat.readTask(dead.value()).stage()).isEqualTo("audio");
    }

    @Test
    void transientFailuresExhaustAttemptsThenFail() throws Exception {
        TestFilter broken = new TestFilter(Harness.name("broken"), ctx -> Mono.error(new IllegalStateException("gpu lost")));
        h.start(broken);
        Pipeline p = Pipeline.named("exhaust").stage("only", broken.name()).build();
        String job = jobId();
        JobLauncher.launch(h.bus, h.status, job, "asset-ex", "acme", p, source("acme", "asset-ex"), Map.of(), Map.of(),
                null).block(WAIT);
        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(broken.runs(job)).isEqualTo(3);
        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobFailed), WAIT);
        assertThat(h.events(job, StageEvent.StageFailed.class)).extracting(StageEvent.StageFailed::willRetry)
                .containsExactly(true, true, false);
    }

    @Test
    void invalidParametersFailPermanentlyNamingTheParameter() throws Exception {
        TestFilter f = new TestFilter(Harness.name("strict"));
        h.start(f);
        Pipeline p = Pipeline.named("strict").stage("s", f.name(), Map.of("lable", "typo")).build();
        String job = jobId();
        JobLauncher.launch(h.bus, h.status, job, "asset-strict", "acme", p, source("acme", "asset-strict"), Map.of(),
                Map.of(), null).block(WAIT);
        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.stage("s").orElseThrow().error()).contains("unknown parameter 'lable'");
        assertThat(f.runs(job)).isZero();
    }

    @Test
    void redeliveredTaskOfACompletedStageDoesNothingTwice() throws Exception {
        TestFilter first = new TestFilter(Harness.name("first"));
        TestFilter second = new TestFilter(Harness.name("second"));
        // one record at a time, so a marker sent after the duplicate is handled after it
        h.start(first, h.props.withConcurrency(1));
        h.start(second);
        Pipeline p = Pipeline.named("replay").stage("one", first.name()).stage("two", second.name(), "one").build();
        String job = jobId();
        List<StageTask> roots = JobLauncher.launch(h.bus, h.status, job, "asset-re", "acme", p, source("acme", "asset-re"),
                Map.of(), Map.of(), null).block(WAIT);
        h.awaitJob(job, j -> j.state() == JobState.COMPLETED, WAIT);
        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCompleted), WAIT);
        int eventsBefore = h.events(job).size();

        // the same task again (as after a crash before the offset commit), then a marker on the same partition
        h.bus.send(TaskMessages.task(roots.getFirst())).block(WAIT);
        String marker = jobId();
        Pipeline mp = Pipeline.named("marker").stage("one", first.name()).build();
        StageTask markerTask = JobLauncher.rootTasks(marker, "asset-mk", "acme", mp, source("acme", "asset-mk"), Map.of(),
                Map.of(), null).getFirst();
        h.status.createJob(marker, "asset-mk", "acme", mp).block(WAIT);
        var msg = TaskMessages.task(markerTask);
        h.bus.send(msg.topic(), job, msg.value(), msg.headers()).block(WAIT);
        h.awaitJob(marker, j -> j.state() == JobState.COMPLETED, WAIT);
        Thread.sleep(300);

        assertThat(first.runs(job)).isEqualTo(1);
        assertThat(second.runs(job)).isEqualTo(1);
        assertThat(h.events(job)).hasSize(eventsBefore);
        assertThat(h.status.snapshot(job).block(WAIT).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void redeliveryAfterACrashBetweenClaimAndSendDispatchesTheSuccessor() throws Exception {
        TestFilter first = new TestFilter(Harness.name("crash"));
        TestFilter second = new TestFilter(Harness.name("after-crash"));
        Pipeline p = Pipeline.named("crash").stage("one", first.name()).stage("two", second.name(), "one").build();
        String job = jobId();
        ObjectRef src = source("acme", "asset-crash");
        StageTask root = JobLauncher.rootTasks(job, "asset-crash", "acme", p, src, Map.of(), Map.of(), null).getFirst();
        // a worker ran "one", wrote its manifest, claimed "two" in Redis... and died before sending it
        h.status.createJob(job, "asset-crash", "acme", p).block(WAIT);
        h.status.markRunning(job, "one", 1, "dead-worker").block(WAIT);
        StageManifest m = new StageManifest(1, job, "asset-crash", "acme", "one", first.name(), List.of(), Map.of(),
                java.time.Instant.now());
        assertThat(h.status.complete(job, "one", 1, WireFormat.writeString(m), List.of("two")).block(WAIT).successors())
                .containsExactly("two");
        h.start(first);
        h.start(second);
        h.bus.send(TaskMessages.task(root)).block(WAIT);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(first.runs(job)).isZero();
        assertThat(second.runs(job)).isEqualTo(1);
        assertThat(second.contexts.getFirst().task().upstream()).containsOnlyKeys("one");
    }

    @Test
    void cancelledJobStopsTheRunningStage() throws Exception {
        TestFilter slow = new TestFilter(Harness.name("slow"), ctx -> Mono.fromCallable(() -> {
            try {
                for (int i = 0; i < 400 && !ctx.cancelled(); i++) {
                    Thread.sleep(25);
                }
            } catch (InterruptedException e) {
                // the runtime disposed the stage: expected when the job is cancelled
                Thread.currentThread().interrupt();
                return null;
            }
            ctx.throwIfCancelled();
            throw new AssertionError("was not cancelled");
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).then(Mono.empty()));
        h.start(slow);
        Pipeline p = Pipeline.named("cancel").stage("slow", slow.name()).build();
        String job = jobId();
        JobLauncher.launch(h.bus, h.status, job, "asset-cx", "acme", p, source("acme", "asset-cx"), Map.of(), Map.of(),
                null).block(WAIT);
        h.awaitJob(job, j -> j.stage("slow").orElseThrow().state() == StageState.RUNNING, WAIT);
        assertThat(h.status.cancel(job, "user cancelled").block(WAIT)).isTrue();
        long t0 = System.nanoTime();
        while (slow.contexts.isEmpty() || !slow.contexts.getFirst().cancelled()) {
            Thread.sleep(20);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
        JobSnapshot s = h.status.snapshot(job).block(WAIT).orElseThrow();
        assertThat(s.state()).isEqualTo(JobState.CANCELLED);
        assertThat(s.stage("slow").orElseThrow().state()).isEqualTo(StageState.CANCELLED);
        Thread.sleep(300);
        assertThat(h.dlq.stream().filter(m -> job.equals(m.key()))).isEmpty();
        assertThat(slow.runs(job)).isEqualTo(1);
    }

    @Test
    void undecodableRecordGoesToTheDlq() throws Exception {
        TestFilter f = new TestFilter(Harness.name("garbage"));
        h.start(f);
        String key = "garbage-" + UUID.randomUUID();
        h.bus.send(io.reelpipe.pipeline.wire.Topics.stage(f.name()), key, "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("traceparent", "tp")).block(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (h.dlq.stream().noneMatch(m -> key.equals(m.key())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ReceivedMessage dead = h.dlq.stream().filter(m -> key.equals(m.key())).findFirst().orElseThrow();
        assertThat(dead.headers()).containsEntry(Headers.ERROR_TYPE, "undecodable").containsEntry("traceparent", "tp")
                .containsEntry(Headers.ORIGINAL_TOPIC, io.reelpipe.pipeline.wire.Topics.stage(f.name()));
        assertThat(dead.headers().get(Headers.ERROR)).startsWith("undecodable task");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    }

    @Test
    void stageAbandonedAtShutdownIsRedeliveredToTheNextInstance() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        TestFilter slow = new TestFilter(Harness.name("handover"), ctx -> {
            if (ctx.task().jobId() != null && started.getCount() > 0) {
                started.countDown();
                // the first instance's run: waits until the worker stops, then gives up cooperatively
                return Mono.fromCallable(() -> {
                    while (!ctx.cancelled()) {
                        Thread.sleep(10);
                    }
                    ctx.throwIfCancelled();
                    return null;
                }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).then(Mono.empty());
            }
            return TestFilter.writeOutput(ctx);
        });
        StageRuntime first = h.start(slow, h.props.withInstanceId("it-first"));
        Pipeline p = Pipeline.named("handover").stage("s", slow.name()).build();
        String job = jobId();
        JobLauncher.launch(h.bus, h.status, job, "asset-ho", "acme", p, source("acme", "asset-ho"), Map.of(), Map.of(),
                null).block(WAIT);
        assertThat(started.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        first.stopGracefully().block(WAIT);
        assertThat(h.redis.sync().exists(RedisKeys.worker(slow.name(), "it-first"))).isZero();
        assertThat(h.status.snapshot(job).block(WAIT).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        h.start(slow, h.props.withInstanceId("it-second"));
        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(slow.runs(job)).isEqualTo(2);
        assertThat(s.stage("s").orElseThrow().attempt()).isEqualTo(1);
        assertThat(h.events(job, StageEvent.StageFailed.class)).isEmpty();
    }
}
