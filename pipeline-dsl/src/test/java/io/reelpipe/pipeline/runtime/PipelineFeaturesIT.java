package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.config.WatchdogProperties;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.status.CancelDecision;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.Headers;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageState;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The runtime features of issue #4 on real Kafka, Redis and S3Proxy: when, policy, priority, cancel, re-run, watchdog. */
class PipelineFeaturesIT extends RuntimeITBase {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final Map<String, Object> SILENT = Map.of("durationSeconds", 12.0, "audioStreams", List.of(),
            "video", Map.of("width", 320, "height", 180));
    JobControl control;

    @BeforeAll
    void setUp() {
        control = new JobControl(h.bus, h.status, h.store);
    }

    static String jobId() {
        return "job-" + UUID.randomUUID();
    }

    ObjectRef source(String assetId) {
        return h.store.putBytes(ObjectKeys.source("acme", assetId), "src".getBytes(StandardCharsets.UTF_8), "video/mp4")
                .block(WAIT);
    }

    List<StageTask> launch(String job, Pipeline p, Map<String, Object> media) {
        String asset = "asset-" + job.substring(4, 12);
        return JobLauncher.launch(h.bus, h.status, job, asset, "acme", p, source(asset), media, Map.of(), null).block(WAIT);
    }

    /** A filter that blocks until its stage is cancelled or the worker stops. */
    static TestFilter blocking(String name, List<String> started) {
        return new TestFilter(name, ctx -> {
            started.add(ctx.jobId() + ":" + ctx.task().attempt());
            return Mono.fromCallable(() -> {
                while (!ctx.cancelled()) {
                    Thread.sleep(20);
                }
                ctx.throwIfCancelled();
                return null;
            }).subscribeOn(Schedulers.boundedElastic()).then(Mono.empty());
        });
    }

    @Test
    void falseConditionSkipsTheStageAndItsDependantsStillRun() throws Exception {
        TestFilter a = new TestFilter(Harness.name("wa"));
        TestFilter words = new TestFilter(Harness.name("wwords"));
        TestFilter join = new TestFilter(Harness.name("wjoin"));
        List.of(a, words, join).forEach(h::start);
        Pipeline p = Pipeline.named("when")
                .stage("a", a.name())
                .stage("words", words.name(), "a").when("words", "media.hasAudio")
                .stage("long", words.name()).when("long", "media.duration > 1h")
                .stage("join", join.name(), "a", "words")
                .stage("after-long", join.name(), "long")
                .build();
        String job = jobId();
        launch(job, p, SILENT);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(s.stage("words").orElseThrow().state()).isEqualTo(StageState.SKIPPED);
        assertThat(s.stage("words").orElseThrow().byCondition()).isTrue();
        assertThat(s.stage("words").orElseThrow().error()).isEqualTo("condition is false: media.hasAudio");
        assertThat(s.stage("long").orElseThrow().state()).isEqualTo(StageState.SKIPPED);
        assertThat(s.stage("join").orElseThrow().state()).isEqualTo(StageState.COMPLETED);
        assertThat(s.stage("after-long").orElseThrow().state()).isEqualTo(StageState.COMPLETED);
        assertThat(words.runs(job)).isZero();
        assertThat(join.runs(job)).isEqualTo(2);
        // the join got the manifests of the needs that ran, none for the skipped one
        assertThat(join.contexts.stream().filter(c -> c.stage().equals("join")).findFirst().orElseThrow()
                .task().upstream()).containsOnlyKeys("a");
        assertThat(join.contexts.stream().filter(c -> c.stage().equals("after-long")).findFirst().orElseThrow()
                .task().upstream()).isEmpty();

        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCompleted), WAIT);
        assertThat(h.events(job, StageEvent.StageSkipped.class)).extracting(StageEvent.StageSkipped::stage,
                StageEvent.StageSkipped::byCondition).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("words", true), org.assertj.core.groups.Tuple.tuple("long", true));
    }

    @Test
    void perStageRetriesAndTimeoutOverrideTheRuntimeDefaults() throws Exception {
        AtomicInteger flakyCalls = new AtomicInteger();
        TestFilter flaky = new TestFilter(Harness.name("once"), ctx -> {
            flakyCalls.incrementAndGet();
            return Mono.error(new java.io.IOException("disk full"));
        });
        TestFilter slow = new TestFilter(Harness.name("slowpoke"), ctx -> Mono.delay(Duration.ofSeconds(5)).then(Mono.empty()));
        h.start(flaky);
        h.start(slow);
        Pipeline p = Pipeline.named("policy")
                .stage("no-retry", flaky.name()).retries("no-retry", 0)
                .stage("quick", slow.name()).timeout("quick", Duration.ofMillis(300)).retries("quick", 1)
                .build();
        String job = jobId();
        launch(job, p, Map.of());
        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(flaky.runs(job)).isEqualTo(1);
        assertThat(s.stage("no-retry").orElseThrow().attempt()).isEqualTo(1);
        assertThat(slow.runs(job)).isEqualTo(2);
        assertThat(s.stage("quick").orElseThrow().error()).isEqualTo("stage ran longer than PT0.3S");
    }

    @Test
    void highPriorityTaskOvertakesNormalTasksWaitingForTheSameWorker() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        TestFilter f = new TestFilter(Harness.name("prio"), ctx -> {
            order.add(ctx.jobId());
            // long enough that the urgent task reaches the worker while normal ones still wait, even on a busy CI box
            return Mono.delay(Duration.ofMillis(1000)).then(TestFilter.writeOutput(ctx));
        });
        h.start(f, h.props.withConcurrency(1));
        Pipeline normal = Pipeline.named("normal").stage("s", f.name()).build();
        Pipeline urgent = Pipeline.named("urgent").stage("s", f.name()).priority("s", StageDefinition.Priority.HIGH).build();
        List<String> normals = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String job = jobId();
            normals.add(job);
            launch(job, normal, Map.of());
        }
        long t0 = System.nanoTime();
        while (order.size() < 2 && System.nanoTime() - t0 < WAIT.toNanos()) {
            Thread.sleep(10);
        }
        String hot = jobId();
        List<StageTask> sent = launch(hot, urgent, Map.of());
        assertThat(io.reelpipe.pipeline.wire.TaskMessages.task(sent.getFirst()).topic())
                .isEqualTo(io.reelpipe.pipeline.wire.Topics.stageHigh(f.name()));
        h.awaitJob(hot, j -> j.state().terminal(), WAIT);
        for (String n : normals) {
            h.awaitJob(n, j -> j.state().terminal(), WAIT);
        }
        // it arrived while two normal tasks had started and four waited: it ran before most of them
        assertThat(order.indexOf(hot)).as("start order %s", order).isLessThanOrEqualTo(3);
    }

    @Test
    void cancelStopsTheRunningStageDropsQueuedOnesAndPublishesEvents() throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        TestFilter slow = blocking(Harness.name("cslow"), started);
        TestFilter later = new TestFilter(Harness.name("clater"));
        TestFilter idle = new TestFilter(Harness.name("cidle"));
        h.start(slow);
        h.start(later);
        Pipeline p = Pipeline.named("cancel")
                .stage("slow", slow.name())
                .stage("after", later.name(), "slow")
                .stage("waiting", idle.name())
                .build();
        String job = jobId();
        launch(job, p, Map.of());
        h.awaitJob(job, j -> j.stage("slow").orElseThrow().state() == StageState.RUNNING, WAIT);
        java.nio.file.Path scratch = h.props.scratchDir().resolve(job).resolve("slow");

        CancelDecision d = control.cancel(job, "editor changed their mind", null).block(WAIT);
        assertThat(d.cancelled()).isTrue();
        assertThat(d.stages()).containsExactlyInAnyOrder("slow", "after", "waiting");
        assertThat(control.cancel(job, "again", null).block(WAIT).cancelled()).isFalse();

        long t0 = System.nanoTime();
        while (!slow.contexts.getFirst().cancelled()) {
            Thread.sleep(20);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
        // the queued task of "waiting" is dropped by the worker that receives it
        h.start(idle);
        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCancelled), WAIT);
        Thread.sleep(1500);
        assertThat(idle.runs(job)).isZero();
        assertThat(later.runs(job)).isZero();
        JobSnapshot s = h.status.snapshot(job).block(WAIT).orElseThrow();
        assertThat(s.state()).isEqualTo(JobState.CANCELLED);
        assertThat(s.stages()).allSatisfy(st -> assertThat(st.state()).isEqualTo(StageState.CANCELLED));
        assertThat(h.events(job, StageEvent.StageCancelled.class)).extracting(StageEvent.StageCancelled::stage)
                .containsExactlyInAnyOrder("slow", "after", "waiting");
        assertThat(h.events(job, StageEvent.JobCancelled.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("editor changed their mind"));
        // scratch space of the stopped stage is gone
        t0 = System.nanoTime();
        while (Files.exists(scratch) && Files.list(scratch).findAny().isPresent()
                && System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(50);
        }
        assertThat(!Files.exists(scratch) || Files.list(scratch).findAny().isEmpty()).isTrue();
        assertThat(h.redis.sync().zscore(RedisKeys.RUNNING, job + "\tslow")).isNull();
    }

    @Test
    void rerunOfAFailedStageReusesTheOutputsOfStagesThatSucceeded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestFilter first = new TestFilter(Harness.name("rfirst"));
        TestFilter middle = new TestFilter(Harness.name("rmiddle"), ctx -> calls.incrementAndGet() == 1
                ? Mono.error(new PermanentStageException("bad luck"))
                : TestFilter.writeOutput(ctx));
        TestFilter last = new TestFilter(Harness.name("rlast"));
        List.of(first, middle, last).forEach(h::start);
        Pipeline p = Pipeline.named("rerun")
                .stage("first", first.name())
                .stage("middle", middle.name(), "first")
                .stage("last", last.name(), "middle", "first")
                .build();
        String job = jobId();
        launch(job, p, Map.of());
        JobSnapshot failedRun = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(failedRun.state()).isEqualTo(JobState.FAILED);
        assertThat(failedRun.stage("last").orElseThrow().state()).isEqualTo(StageState.SKIPPED);
        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobFailed), WAIT);

        assertThat(JobControl.unfinished(failedRun)).containsExactly("middle", "last");
        JobControl.RerunResult r = control.rerun(job, List.of("middle"), "retry after fix", null).block(WAIT);
        assertThat(r.decision().ok()).isTrue();
        assertThat(r.decision().run()).isEqualTo(2);
        assertThat(r.reset()).containsExactly("middle", "last");
        assertThat(r.dispatched()).containsExactly("middle");
        assertThat(r.decision().attempts()).containsEntry("middle", 2).containsEntry("last", 1);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        assertThat(first.runs(job)).isEqualTo(1);
        assertThat(middle.runs(job)).isEqualTo(2);
        assertThat(last.runs(job)).isEqualTo(1);
        assertThat(s.stage("middle").orElseThrow().attempt()).isEqualTo(2);
        StageTask lastTask = last.contexts.getFirst().task();
        assertThat(lastTask.upstream()).containsOnlyKeys("middle", "first");
        assertThat(lastTask.upstream().get("first").outputs().getFirst().key()).endsWith("/first/out.txt");

        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobCompleted), WAIT);
        assertThat(h.events(job, StageEvent.JobRerun.class)).singleElement()
                .satisfies(e -> assertThat(e.stages()).containsExactly("middle", "last"));
        assertThat(h.events(job, StageEvent.JobCompleted.class)).singleElement()
                .satisfies(e -> assertThat(e.eventId()).isEqualTo(job + ":job:completed:run2"));
        // ended again: the key expires after the retention once more
        assertThat(h.redis.sync().ttl(RedisKeys.job(job))).isPositive();
    }

    @Test
    void watchdogRequeuesTheStageOfAWorkerThatDiedAndAnotherWorkerFinishesIt() throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        String name = Harness.name("dying");
        TestFilter dying = blocking(name, started);
        StageRuntime doomed = h.start(dying, h.props.withInstanceId("it-doomed"));
        Pipeline p = Pipeline.named("watchdog").stage("s", name).stage("t", name, "s").build();
        String job = jobId();
        launch(job, p, Map.of());
        h.awaitJob(job, j -> j.stage("s").orElseThrow().state() == StageState.RUNNING, WAIT);

        Watchdog dog = new Watchdog(h.status, h.bus, WatchdogProperties.of(Duration.ofMillis(200), Duration.ofMillis(300), 1));
        dog.start();
        try {
            doomed.halt();   // as if killed: no ack, no more heartbeats
            JobSnapshot requeued = h.awaitJob(job, j -> j.stage("s").orElseThrow().state() == StageState.QUEUED, WAIT);
            assertThat(requeued.stage("s").orElseThrow().attempt()).isEqualTo(2);
            assertThat(requeued.stage("s").orElseThrow().error()).isEqualTo(Watchdog.REASON);
            assertThat(dog.requeued()).isEqualTo(1);

            TestFilter rescuer = new TestFilter(name);
            h.start(rescuer, h.props.withInstanceId("it-rescuer"));
            JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
            assertThat(s.state()).isEqualTo(JobState.COMPLETED);
            assertThat(s.stage("s").orElseThrow().attempt()).isEqualTo(2);
            // the dead worker's redelivered attempt 1 was dropped as stale: one run on the rescuer
            assertThat(rescuer.contexts.stream().filter(c -> c.stage().equals("s")).map(c -> c.task().attempt()))
                    .containsExactly(2);
            assertThat(h.redis.sync().hget(RedisKeys.job(job), RedisKeys.stageField("s", "requeues"))).isEqualTo("1");
            h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.StageFailed f && f.willRetry()
                    && "watchdog".equals(f.errorType())), WAIT);
        } finally {
            dog.stop();
        }
    }

    @Test
    void watchdogFailsAStageOnceItsRequeuesAreSpent() throws Exception {
        Pipeline p = Pipeline.named("orphan").stage("s", "ghost-filter").stage("t", "ghost-filter", "s").build();
        String job = jobId();
        StageTask task = JobLauncher.rootTasks(job, "asset-orphan", "acme", p, source("asset-orphan"), Map.of(), Map.of(),
                null).getFirst();
        h.status.createJob(job, "asset-orphan", "acme", p).block(WAIT);
        h.status.markRunning(job, "s", 1, "ghost-worker", WireFormat.writeString(task),
                WireFormat.writeString(task)).block(WAIT);
        Watchdog dog = new Watchdog(h.status, h.bus, WatchdogProperties.of(Duration.ofSeconds(60), Duration.ZERO, 0));
        assertThat(dog.scan().block(WAIT)).isGreaterThanOrEqualTo(1);
        JobSnapshot s = h.status.snapshot(job).block(WAIT).orElseThrow();
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.stage("s").orElseThrow().error()).isEqualTo(Watchdog.REASON);
        assertThat(s.stage("t").orElseThrow().state()).isEqualTo(StageState.SKIPPED);
        h.awaitEvents(job, ev -> ev.stream().anyMatch(e -> e instanceof StageEvent.JobFailed), WAIT);
        long t0 = System.nanoTime();
        while (h.dlq.stream().noneMatch(m -> job.equals(m.key())) && System.nanoTime() - t0 < WAIT.toNanos()) {
            Thread.sleep(50);
        }
        assertThat(h.dlq.stream().filter(m -> job.equals(m.key())).findFirst().orElseThrow().headers())
                .containsEntry(Headers.ERROR, Watchdog.REASON).containsEntry(Headers.STAGE, "s");
    }
}
