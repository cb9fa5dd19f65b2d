package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.SharedWork;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.internal.RedisSharedWork;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Shared work on the real dev stack: a stage offers parts, instances of its pool claim them through Redis leases, and
 * the offering stage gathers the result. Two instances share one stage; a helper killed mid-part loses only that part.
 */
class SharedWorkIT extends RuntimeITBase {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int PARTS = 8;
    /** Counted down when a stuck helper notices that it should stop. */
    static volatile CountDownLatch helperStopped = new CountDownLatch(1);

    /**
     * Offers {@link #PARTS} parts; the stage claims them first to last, helpers last to first (so they meet in the
     * middle). Running a part = waiting {@code workMs}, then storing {@code parts/{p}.txt} with the runner's name.
     */
    static final class PartsFilter implements Filter<TestFilter.Params> {
        final String name;
        final long workMs;
        /** Shared by the pool's instances (one PartsFilter each). */
        final Map<String, AtomicInteger> runsPerPart;
        final java.util.concurrent.atomic.AtomicReference<PartsFilter> stageRunner;
        /** When set, this instance, helping, never finishes its first part: its worker is killed while on it. */
        volatile CountDownLatch helperStuck;

        PartsFilter(String name, long workMs) {
            this(name, workMs, new ConcurrentHashMap<>(), new java.util.concurrent.atomic.AtomicReference<>());
        }

        private PartsFilter(String name, long workMs, Map<String, AtomicInteger> runsPerPart,
                            java.util.concurrent.atomic.AtomicReference<PartsFilter> stageRunner) {
            this.name = name;
            this.workMs = workMs;
            this.runsPerPart = runsPerPart;
            this.stageRunner = stageRunner;
        }

        /** Another instance of the same pool. */
        PartsFilter sibling() {
            return new PartsFilter(name, workMs, runsPerPart, stageRunner);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Class<TestFilter.Params> parametersType() {
            return TestFilter.Params.class;
        }

        static List<String> parts() {
            List<String> p = new ArrayList<>();
            for (int i = 0; i < PARTS; i++) {
                p.add(String.format("%02d", i));
            }
            return p;
        }

        @Override
        public Mono<StageResult> run(StageContext<TestFilter.Params> ctx) {
            stageRunner.set(this);
            return ctx.share("plan-1", parts(), Map.of("workMs", workMs)).map(work -> {
                String me = ctx.parameters().label();
                long deadline = System.nanoTime() + WAIT.toNanos();
                Map<String, String> doneBy = new LinkedHashMap<>();
                while (doneBy.size() < PARTS) {
                    if (ctx.cancelled()) {
                        throw new io.reelpipe.pipeline.filter.StageCancelledException(ctx.jobId(), ctx.stage());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("parts not done: " + doneBy);
                    }
                    boolean progressed = false;
                    for (String p : parts()) {
                        if (doneBy.containsKey(p)) {
                            continue;
                        }
                        SharedWork.PartState st = work.state(p).block();
                        if (st.done()) {
                            doneBy.put(p, st.doneBy());
                            progressed = true;
                            continue;
                        }
                        Optional<SharedWork.Lease> lease = work.claim(p).block();
                        if (lease.isPresent()) {
                            runPartBody(ctx, work, lease.get(), "stage");
                            progressed = true;
                        }
                    }
                    if (!progressed) {
                        sleep(50);
                    }
                }
                return new StageResult(List.of(), Map.of("doneBy", doneBy, "label", me));
            });
        }

        @Override
        public Mono<Void> runPart(StageContext<TestFilter.Params> ctx) {
            return Mono.fromRunnable(() -> {
                SharedWork work = ctx.work();
                assertThat(ctx.task().part().data()).containsEntry("workMs", (int) workMs);
                List<String> order = new ArrayList<>(parts());
                java.util.Collections.reverse(order);
                order.remove(ctx.task().part().name());
                order.addFirst(ctx.task().part().name());
                for (String p : order) {
                    if (ctx.cancelled()) {
                        return;
                    }
                    Optional<SharedWork.Lease> lease = work.claim(p).block();
                    if (lease.isEmpty()) {
                        continue;
                    }
                    CountDownLatch stuck = helperStuck;
                    if (stuck != null && stageRunner.get() != this) {
                        stuck.countDown();
                        while (!ctx.cancelled()) {
                            sleep(20); // killed while on it: never completes
                        }
                        helperStopped.countDown();
                        return;
                    }
                    runPartBody(ctx, work, lease.get(), "helper");
                }
            });
        }

        private void runPartBody(StageContext<TestFilter.Params> ctx, SharedWork work, SharedWork.Lease lease,
                                 String role) {
            runsPerPart.computeIfAbsent(lease.part(), k -> new AtomicInteger()).incrementAndGet();
            sleep(workMs);
            java.nio.file.Path f = ctx.scratch().resolve(lease.part() + ".txt");
            try {
                java.nio.file.Files.createDirectories(f.getParent());
                java.nio.file.Files.writeString(f, role);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ctx.upload("parts/" + lease.part() + ".txt", f, "text/plain", Map.of()).block();
            work.complete(lease).block();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String launch(PartsFilter f, String asset) {
        String job = "job-" + UUID.randomUUID();
        ObjectRef src = h.store.putBytes(ObjectKeys.source("acme", asset), "x".getBytes(StandardCharsets.UTF_8),
                "video/mp4").block(WAIT);
        Pipeline p = Pipeline.named("shared").stage("split", f.name(), Map.of("label", "offering")).build();
        JobLauncher.launch(h.bus, h.status, job, asset, "acme", p, src, Map.of(), Map.of(), null).block(WAIT);
        return job;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> doneBy(String asset) {
        // the runtime stores manifest.json beside the completion, not before it: a reader that saw COMPLETED may be
        // a few ms early, so wait for the object to appear
        StageManifest m = WireFormat.read(h.store.getBytes(ObjectKeys.manifest("acme", asset, "split"))
                        .retryWhen(Retry.fixedDelay(50, Duration.ofMillis(100))
                                .filter(e -> e instanceof java.nio.file.NoSuchFileException))
                        .block(WAIT),
                StageManifest.class);
        return (Map<String, String>) m.details().get("doneBy");
    }

    @Test
    void aClaimantsProgressIsVisibleToOthersUntilDoneAndOnlyTheLeaseHolderReports() {
        try (var helper = new RedisSharedWork(h.redis.reactive(), "helper",
                Duration.ofSeconds(30), Duration.ofMinutes(5));
             var stage = new RedisSharedWork(h.redis.reactive(), "stage",
                     Duration.ofSeconds(30), Duration.ofMinutes(5))) {
            String job = "job-progress-" + UUID.randomUUID();
            SharedWork mine = helper.handle(job, "chunks");
            SharedWork theirs = stage.handle(job, "chunks");
            SharedWork.Lease lease = mine.claim("c1").block().orElseThrow();
            assertThat(theirs.state("c1").block()).isEqualTo(SharedWork.PartState.CLAIMED);

            mine.progress(lease, 0.4).block();
            SharedWork.PartState claimed = theirs.state("c1").block();
            assertThat(claimed.status()).isEqualTo(SharedWork.PartState.Status.CLAIMED);
            assertThat(claimed.progress()).isEqualTo(0.4);

            // a report under a lease that is not the holder's changes nothing
            theirs.progress(new SharedWork.Lease("chunks", "c1", "stage/not-the-owner"), 0.9).block();
            assertThat(theirs.state("c1").block().progress()).isEqualTo(0.4);
            assertThatThrownBy(() -> mine.progress(lease, 1.5).block())
                    .isInstanceOf(IllegalArgumentException.class);

            mine.complete(lease).block();
            SharedWork.PartState done = theirs.state("c1").block();
            assertThat(done.done()).isTrue();
            assertThat(done.progress()).isEqualTo(1.0);
            // after completion the old lease reports nothing either
            mine.progress(lease, 0.1).block();
            assertThat(theirs.state("c1").block().progress()).isEqualTo(1.0);
        }
    }

    @Test
    void twoInstancesShareOneStageAndEachPartRunsOnce() throws Exception {
        PartsFilter f = new PartsFilter(Harness.name("parts"), 300);
        h.start(f, h.props.withInstanceId("alpha").withConcurrency(1));
        h.start(f.sibling(), h.props.withInstanceId("beta").withConcurrency(1));
        h.awaitPoolMembers(f.name(), 2, WAIT);
        String job = launch(f, "asset-shared");

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        Map<String, String> doneBy = doneBy("asset-shared");
        assertThat(doneBy).hasSize(PARTS);
        // both instances ran parts (the one with the stage and the helper), and no part ran twice
        assertThat(doneBy.values()).contains("alpha", "beta");
        assertThat(f.runsPerPart).hasSize(PARTS);
        assertThat(f.runsPerPart.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        for (String p : PartsFilter.parts()) {
            assertThat(h.store.stat("acme/asset-shared/split/parts/" + p + ".txt").block(WAIT)).isPresent();
        }
        // nothing left claimed; the done marks expire with the job
        try (var conn = h.redisClient.connect()) {
            assertThat(conn.sync().keys(RedisKeys.PREFIX + "job:" + job + ":work:plan-1:lease:*")).isEmpty();
            assertThat(conn.sync().ttl(RedisKeys.workDone(job, "plan-1"))).isPositive();
        }
    }

    @Test
    void cancellingTheJobStopsItsHelpersAndReleasesTheirParts() throws Exception {
        PartsFilter f = new PartsFilter(Harness.name("parts-cancel"), 150);
        PartsFilter g = f.sibling();
        CountDownLatch stuck = new CountDownLatch(1);
        f.helperStuck = stuck;
        g.helperStuck = stuck;
        helperStopped = new CountDownLatch(1);
        h.start(f, h.props.withInstanceId("cancel-1").withConcurrency(1));
        h.start(g, h.props.withInstanceId("cancel-2").withConcurrency(1));
        h.awaitPoolMembers(f.name(), 2, WAIT);
        String job = launch(f, "asset-cancel");
        // a helper holds a part (and renews its lease), so the stage cannot finish: the editor cancels
        assertThat(stuck.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        new JobControl(h.bus, h.status, h.store).cancel(job, "wrong cut uploaded", null).block(WAIT);

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.CANCELLED);
        // the helper sees the stage end and stops; nothing stays claimed
        assertThat(helperStopped.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (var conn = h.redisClient.connect()) {
            while (!conn.sync().keys(RedisKeys.PREFIX + "job:" + job + ":work:plan-1:lease:*").isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(conn.sync().keys(RedisKeys.PREFIX + "job:" + job + ":work:plan-1:lease:*")).isEmpty();
        }
    }

    @Test
    void aKilledHelperLosesOnlyItsPartWhichTheStageRunsAfterTheLeaseLapses() throws Exception {
        PartsFilter f = new PartsFilter(Harness.name("parts-kill"), 150);
        PartsFilter g = f.sibling();
        CountDownLatch stuck = new CountDownLatch(1);
        f.helperStuck = stuck;
        g.helperStuck = stuck;
        Duration lease = Duration.ofSeconds(1);
        StageRuntime rf = h.start(f, h.props.withInstanceId("f").withConcurrency(1).withPartLease(lease));
        StageRuntime rg = h.start(g, h.props.withInstanceId("g").withConcurrency(1).withPartLease(lease));
        h.awaitPoolMembers(f.name(), 2, WAIT);
        String job = launch(f, "asset-kill");

        // whichever instance got the stage, the other one helps, gets stuck on its first part and is killed
        assertThat(stuck.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        PartsFilter owner = f.stageRunner.get();
        assertThat(owner).isNotNull();
        (owner == f ? rg : rf).halt();
        String ownerId = owner == f ? "f" : "g";

        JobSnapshot s = h.awaitJob(job, j -> j.state().terminal(), WAIT);
        assertThat(s.state()).isEqualTo(JobState.COMPLETED);
        Map<String, String> doneBy = doneBy("asset-kill");
        assertThat(doneBy).hasSize(PARTS);
        // the doomed helper completed nothing; the part it held was run once, by the stage, after its lease lapsed
        assertThat(doneBy.values()).containsOnly(ownerId);
        assertThat(f.runsPerPart.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(f.runsPerPart).hasSize(PARTS);
    }
}
