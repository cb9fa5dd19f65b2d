package io.reelpipe.bench.runtime;

import io.reelpipe.bench.BenchContext;
import io.reelpipe.bench.Benchmark;
import io.reelpipe.bench.Param;
import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.bench.Stats;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * (2) Pipeline throughput: N jobs through a 4-stage DAG (a -> b, a -> c, b + c -> d) of no-op filters, launched
 * together, jobs/s from the first launch to the last {@code JobCompleted} event. Baseline: the same DAG as four
 * hand-written kafka-clients consume -> produce loops with an in-memory join (no Redis state, no manifests, no
 * events, no retries: the floor Kafka alone sets on this machine).
 */
public final class ThroughputBenchmark implements Benchmark {

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String description() {
        return "no-op jobs/s through a 4-stage DAG (a->b, a->c, b+c->d) vs the same DAG on raw Kafka";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("jobs", 500, "measured jobs, launched together"),
                Param.of("warmup", 50, "jobs run first and not counted"),
                Param.of("concurrency", 16, "reelpipe.runtime.concurrency (stages at once per filter)"),
                Param.of("maxPollRecords", 32, "reelpipe.kafka.max-poll-records"),
                Param.of("launchConcurrency", 32, "JobLauncher.launch calls in flight"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int jobs = ctx.intParam("jobs");
        int warmup = ctx.intParam("warmup");
        DevStack stack = ctx.devStack();
        String fa = WorkerRig.uniqueName("tp-a");
        String fb = WorkerRig.uniqueName("tp-b");
        String fc = WorkerRig.uniqueName("tp-c");
        String fd = WorkerRig.uniqueName("tp-d");
        AtomicInteger taskBytes = new AtomicInteger();
        NoopFilter d = new NoopFilter(fd, c -> {
            if (taskBytes.get() == 0) {
                taskBytes.set(WireFormat.write(c.task()).length);
            }
        }, c -> { });
        List<NoopFilter> filters = List.of(new NoopFilter(fa), new NoopFilter(fb), new NoopFilter(fc), d);
        Pipeline p = Pipeline.named("bench-dag")
                .stage("a", fa).stage("b", fb, "a").stage("c", fc, "a").stage("d", fd, "b", "c").build();

        Map<String, Long> launched = new ConcurrentHashMap<>();
        Map<String, Long> completed = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> batches = new ConcurrentHashMap<>();
        double seconds;
        Stats latency;
        int failed;
        ctx.log("starting the worker rig (4 no-op filters, concurrency %s)", ctx.param("concurrency"));
        try (WorkerRig rig = new WorkerRig(stack, Map.of(
                "reelpipe.runtime.concurrency", ctx.param("concurrency"),
                "reelpipe.kafka.max-poll-records", ctx.param("maxPollRecords")), new ArrayList<>(filters))) {
            ObjectRef src = rig.source("bench", "dag-asset");
            AtomicInteger jobFailures = new AtomicInteger();
            Disposable events = rig.bus.receive(Topics.EVENTS, "bench-events-" + UUID.randomUUID()).subscribe(m -> {
                StageEvent e = WireFormat.readEvent(m.value());
                if ((e instanceof StageEvent.JobCompleted || e instanceof StageEvent.JobFailed) && launched.containsKey(e.jobId())
                        && completed.putIfAbsent(e.jobId(), System.nanoTime()) == null) {
                    if (e instanceof StageEvent.JobFailed) {
                        jobFailures.incrementAndGet();
                    }
                    String batch = e.jobId().substring(0, e.jobId().indexOf(':'));
                    batches.get(batch).countDown();
                }
                m.ack();
            });
            try {
                ctx.log("warm-up: %d jobs", warmup);
                runBatch("warm", warmup, rig, p, src, launched, batches, ctx.intParam("launchConcurrency"));
                jobFailures.set(0);
                ctx.log("measuring %d jobs", jobs);
                long t0 = System.nanoTime();
                List<String> ids = runBatch("run", jobs, rig, p, src, launched, batches, ctx.intParam("launchConcurrency"));
                long tEnd = ids.stream().mapToLong(completed::get).max().orElse(t0);
                seconds = (tEnd - t0) / 1e9;
                latency = Stats.of(ids.stream().map(id -> (completed.get(id) - launched.get(id)) / 1e6).toList());
                failed = jobFailures.get();
            } finally {
                events.dispose();
            }
        }
        int size = Math.max(taskBytes.get(), 64);
        ctx.log("baseline: the same DAG on raw Kafka, %d-byte records", size);
        double[] raw = rawDag(stack.kafkaBootstrapServers(), size, warmup, jobs);
        double rawSeconds = raw[0];
        Stats rawLatency = Stats.of(java.util.Arrays.copyOfRange(raw, 1, raw.length));

        Report r = new Report(name(), String.format(Locale.ROOT, "%d no-op jobs through a 4-stage DAG (a->b, a->c, b+c->d), "
                + "launched together, one worker JVM, concurrency %s per filter", jobs, ctx.param("concurrency")));
        r.row(Row.higherBetter("jobs/s (first launch -> last JobCompleted)", jobs / seconds, jobs / rawSeconds, "jobs/s")
                .withNote("target >= 500 jobs/s"));
        r.row(Row.higherBetter("stage executions/s", 4 * jobs / seconds, 4 * jobs / rawSeconds, "stages/s"));
        r.row(Row.lowerBetter("job latency p50 (launch -> completed)", latency.p(50), rawLatency.p(50), "ms"));
        r.row(Row.lowerBetter("job latency p99", latency.p(99), rawLatency.p(99), "ms"));
        r.row(Row.lowerBetter("wall time", seconds, rawSeconds, "s"));
        r.baseline("4 kafka-clients consume->produce loops (one thread each, acks=all, default linger, auto-commit), "
                + "join of b and c in a HashMap, same partitions (12) and record size (" + size + " bytes); "
                + "job done when d has both inputs");
        if (failed > 0) {
            r.note(failed + " jobs FAILED (counted as done)");
        }
        r.note("every Reelpipe stage also writes manifest.json to S3, runs Lua in Redis (start, complete, join), "
                + "publishes StageStarted/StageCompleted (+JobCompleted) and acks per record; all in one JVM with "
                + "Kafka, S3Proxy, Redis on the same 2 cores");
        return r;
    }

    private static List<String> runBatch(String prefix, int n, WorkerRig rig, Pipeline p, ObjectRef src,
                                         Map<String, Long> launched, Map<String, CountDownLatch> batches,
                                         int launchConcurrency) throws InterruptedException {
        String batch = prefix + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch latch = new CountDownLatch(n);
        batches.put(batch, latch);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(batch + ":" + i);
        }
        Flux.fromIterable(ids)
                .flatMap(id -> {
                    launched.put(id, System.nanoTime());
                    return JobLauncher.launch(rig.bus, rig.status, id, "dag-asset", "bench", p, src, Map.of(), Map.of(), null);
                }, launchConcurrency)
                .then().block(Duration.ofMinutes(5));
        if (!latch.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(latch.getCount() + " of " + n + " jobs did not complete within 10 minutes");
        }
        return ids;
    }

    /** Returns [seconds for the measured jobs, then each job's latency in ms]. */
    static double[] rawDag(String bootstrap, int size, int warmup, int n) throws Exception {
        String base = WorkerRig.uniqueName("raw-dag");
        String ta = base + "-a";
        String tb = base + "-b";
        String tc = base + "-c";
        String td = base + "-d";
        RawKafka.createTopics(bootstrap, List.of(ta, tb, tc, td), 12);
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) 'x');
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> done = new ConcurrentHashMap<>();
        Map<String, Integer> joins = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch[] latch = {new CountDownLatch(warmup)};
        List<Thread> threads = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = RawKafka.producer(bootstrap, 5)) {
            record Loop(String in, java.util.function.Consumer<ConsumerRecord<String, byte[]>> handler) {
            }
            List<Loop> loops = List.of(
                    new Loop(ta, rec -> {
                        producer.send(new ProducerRecord<>(tb, rec.key(), rec.value()));
                        producer.send(new ProducerRecord<>(tc, rec.key(), rec.value()));
                    }),
                    new Loop(tb, rec -> producer.send(new ProducerRecord<>(td, rec.key(), rec.value()))),
                    new Loop(tc, rec -> producer.send(new ProducerRecord<>(td, rec.key(), rec.value()))),
                    new Loop(td, rec -> {
                        if (sent.containsKey(rec.key()) && joins.merge(rec.key(), 1, Integer::sum) == 2) {
                            done.put(rec.key(), System.nanoTime());
                            latch[0].countDown();
                        }
                    }));
            RawKafka.awaitLeaders(producer, List.of(ta, tb, tc, td));
            CountDownLatch ready = new CountDownLatch(loops.size());
            for (Loop loop : loops) {
                threads.add(Thread.ofPlatform().name("raw-dag-" + loop.in()).start(() -> {
                    try (KafkaConsumer<String, byte[]> c = RawKafka.consumer(bootstrap, loop.in() + "-group")) {
                        c.subscribe(List.of(loop.in()));
                        boolean counted = false;
                        while (!stop.get()) {
                            var records = c.poll(RawKafka.POLL);
                            if (!counted && !c.assignment().isEmpty()) {
                                ready.countDown();
                                counted = true;
                            }
                            records.forEach(loop.handler());
                        }
                    }
                }));
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw DAG consumers not assigned within 60 s");
            }
            runRaw("w", warmup, producer, ta, value, sent, latch[0]);
            latch[0] = new CountDownLatch(n);
            long t0 = System.nanoTime();
            List<String> ids = runRaw("m", n, producer, ta, value, sent, latch[0]);
            long tEnd = ids.stream().mapToLong(done::get).max().orElse(t0);
            double[] out = new double[n + 1];
            out[0] = (tEnd - t0) / 1e9;
            for (int i = 0; i < n; i++) {
                out[i + 1] = (done.get(ids.get(i)) - sent.get(ids.get(i))) / 1e6;
            }
            return out;
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }

    private static List<String> runRaw(String prefix, int n, KafkaProducer<String, byte[]> producer, String topic,
                                       byte[] value, Map<String, Long> sent, CountDownLatch latch) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            ids.add(id);
            sent.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(topic, id, value));
        }
        producer.flush();
        if (!latch.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(latch.getCount() + " raw jobs did not complete");
        }
        return ids;
    }
}
