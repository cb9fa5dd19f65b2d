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
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * (1) Stage hop latency: a 2-stage pipeline of no-op filters run by the real stage runtime (pipeline-dsl's
 * auto-configuration on the dev stack), one job at a time; measured in one JVM with one clock. Baseline: a raw
 * kafka-clients produce → consume round trip of a record of the same size on the same broker.
 */
public final class HopLatencyBenchmark implements Benchmark {

    @Override
    public String name() {
        return "hop";
    }

    @Override
    public String description() {
        return "stage hop latency of a no-op filter through the runtime vs raw Kafka produce->consume (p50/p99)";
    }

    @Override
    public List<Param> parameters() {
        return List.of(
                Param.of("jobs", 200, "measured jobs (one at a time)"),
                Param.of("warmup", 30, "jobs run first and not counted (JIT, consumer assignment)"),
                Param.of("rawLingerMs", 0, "linger.ms of the baseline producer (the runtime's bus uses 2)"));
    }

    @Override
    public Report run(BenchContext ctx) throws Exception {
        int jobs = ctx.intParam("jobs");
        int warmup = ctx.intParam("warmup");
        DevStack stack = ctx.devStack();

        String first = WorkerRig.uniqueName("hop1");
        String second = WorkerRig.uniqueName("hop2");
        Map<String, Long> launchedAt = new ConcurrentHashMap<>();
        Map<String, Long> firstInvoked = new ConcurrentHashMap<>();
        Map<String, Long> firstDone = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<long[]>> secondInvoked = new ConcurrentHashMap<>();
        AtomicInteger taskBytes = new AtomicInteger();
        NoopFilter a = new NoopFilter(first, c -> firstInvoked.put(c.jobId(), System.nanoTime()),
                c -> firstDone.put(c.jobId(), System.nanoTime()));
        NoopFilter b = new NoopFilter(second, c -> {
            long now = System.nanoTime();
            // enqueuedAt is stamped when the successor task is built (after stage 1's manifest and Lua complete)
            long sinceDispatchUs = java.time.Duration.between(c.task().enqueuedAt(), Instant.now()).toNanos() / 1000;
            if (taskBytes.get() == 0) {
                taskBytes.set(WireFormat.write(c.task()).length);
            }
            CompletableFuture<long[]> f = secondInvoked.get(c.jobId());
            if (f != null) {
                f.complete(new long[] {now, sinceDispatchUs});
            }
        }, c -> { });

        List<Double> hop = new ArrayList<>();
        List<Double> dispatchToInvoke = new ArrayList<>();
        List<Double> launchToFirst = new ArrayList<>();
        List<Double> launchToSecond = new ArrayList<>();
        ctx.log("starting the worker rig (2 no-op filters) on the dev stack");
        try (WorkerRig rig = new WorkerRig(stack, Map.of("reelpipe.runtime.concurrency", "2"), List.of(a, b))) {
            Pipeline p = Pipeline.named("bench-hop").stage("first", first).stage("second", second, "first").build();
            ObjectRef src = rig.source("bench", "hop-asset");
            for (int i = 0; i < warmup + jobs; i++) {
                String job = "hop-" + UUID.randomUUID();
                CompletableFuture<long[]> done = new CompletableFuture<>();
                secondInvoked.put(job, done);
                long t0 = System.nanoTime();
                launchedAt.put(job, t0);
                JobLauncher.launch(rig.bus, rig.status, job, "hop-asset", "bench", p, src, Map.of(), Map.of(), null)
                        .block(Duration.ofSeconds(30));
                long[] r;
                try {
                    r = done.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("job " + job + " did not reach stage 2 within 60 s; state: "
                            + rig.status.snapshot(job).block(Duration.ofSeconds(10)), e);
                }
                if (i >= warmup) {
                    hop.add((r[0] - firstDone.get(job)) / 1e6);
                    dispatchToInvoke.add(r[1] / 1e3);
                    launchToFirst.add((firstInvoked.get(job) - t0) / 1e6);
                    launchToSecond.add((r[0] - t0) / 1e6);
                }
                if (i == warmup - 1 || (warmup == 0 && i == 0)) {
                    ctx.log("warm-up done, measuring %d jobs", jobs);
                }
            }
        }
        int size = Math.max(taskBytes.get(), 64);
        ctx.log("baseline: raw Kafka round trips of %d-byte records", size);
        Stats raw = Stats.of(rawRoundTrips(stack.kafkaBootstrapServers(), size, warmup, jobs, ctx.intParam("rawLingerMs")));
        Stats h = Stats.of(hop);
        Stats d = Stats.of(dispatchToInvoke);
        Stats l1 = Stats.of(launchToFirst);
        Stats l2 = Stats.of(launchToSecond);

        Report r = new Report(name(), "stage hop latency, no-op filters, " + jobs + " jobs one at a time, "
                + size + "-byte tasks");
        r.row(Row.lowerBetter("hop p50 (stage 1 done -> stage 2 invoked)", h.p(50), raw.p(50), "ms"));
        r.row(Row.lowerBetter("hop p99", h.p(99), raw.p(99), "ms"));
        r.row(Row.info("hop overhead p50 (hop - raw)", h.p(50) - raw.p(50), "ms", false).withNote("target <= 5 ms"));
        r.row(Row.info("hop overhead p99 (hop - raw)", h.p(99) - raw.p(99), "ms", false));
        r.row(Row.lowerBetter("successor task built -> invoked p50", d.p(50), raw.p(50), "ms"));
        r.row(Row.lowerBetter("successor task built -> invoked p99", d.p(99), raw.p(99), "ms"));
        r.row(Row.lowerBetter("launch -> stage 1 invoked p50", l1.p(50), raw.p(50), "ms"));
        r.row(Row.lowerBetter("launch -> stage 2 invoked p50 (2 hops)", l2.p(50), 2 * raw.p(50), "ms")
                .withNote("baseline = 2 x raw p50"));
        r.baseline("kafka-clients producer (acks=all, linger.ms=" + ctx.intParam("rawLingerMs")
                + ") -> consumer (own thread, poll loop) on the same broker, one " + size
                + "-byte record at a time: send() call -> record returned by poll()");
        r.note("hop = stage 1's filter returned -> stage 2's filter invoked: manifest.json to S3, Lua complete in Redis, "
                + "successor task to Kafka, consume, skip/attempt checks, markRunning, StageStarted event");
        r.note(String.format(java.util.Locale.ROOT, "raw Kafka round trip: min %.2f ms, max %.2f ms; hop min %.2f ms, max %.2f ms",
                raw.min(), raw.max(), h.min(), h.max()));
        return r;
    }

    /** Sequential produce → consume round trips on a fresh 1-partition topic, in ms. */
    static double[] rawRoundTrips(String bootstrap, int size, int warmup, int n, int lingerMs) throws Exception {
        String topic = WorkerRig.uniqueName("raw-hop");
        RawKafka.createTopics(bootstrap, List.of(topic), 1);
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) 'x');
        SynchronousQueue<Long> received = new SynchronousQueue<>();
        AtomicLong stop = new AtomicLong();
        CompletableFuture<Void> assigned = new CompletableFuture<>();
        Thread consumerThread = Thread.ofPlatform().name("raw-hop-consumer").start(() -> {
            try (KafkaConsumer<String, byte[]> c = RawKafka.consumer(bootstrap, "raw-hop-" + UUID.randomUUID())) {
                TopicPartition tp = new TopicPartition(topic, 0);
                c.assign(List.of(tp));
                c.seekToEnd(List.of(tp));
                c.position(tp);
                assigned.complete(null);
                while (stop.get() == 0) {
                    for (ConsumerRecord<String, byte[]> rec : c.poll(RawKafka.POLL)) {
                        if (!rec.key().equals("probe")) {
                            received.put(System.nanoTime());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                assigned.completeExceptionally(e);
            }
        });
        assigned.get(30, TimeUnit.SECONDS);
        double[] out = new double[n];
        try (KafkaProducer<String, byte[]> producer = RawKafka.producer(bootstrap, lingerMs)) {
            RawKafka.awaitLeaders(producer, List.of(topic));
            for (int i = 0; i < warmup + n; i++) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "job-" + i, value));
                Long t1 = received.poll(30, TimeUnit.SECONDS);
                if (t1 == null) {
                    throw new IllegalStateException("raw Kafka record " + i + " not received within 30 s");
                }
                if (i >= warmup) {
                    out[i - warmup] = (t1 - t0) / 1e6;
                }
            }
        } finally {
            stop.set(1);
            consumerThread.join(5000);
        }
        return out;
    }
}
