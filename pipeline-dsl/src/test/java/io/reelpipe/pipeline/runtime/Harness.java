package io.reelpipe.pipeline.runtime;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.pipeline.bus.ReceivedMessage;
import io.reelpipe.pipeline.config.KafkaProperties;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.config.S3Properties;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.internal.MinioObjectStore;
import io.reelpipe.pipeline.internal.ReactorKafkaBus;
import io.reelpipe.pipeline.internal.RedisJobStatusStore;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Real clients on the dev stack, plus collectors of events and DLQ records, shared by the integration tests. */
final class Harness implements AutoCloseable {

    final DevStack stack;
    final ReactorKafkaBus bus;
    final MinioObjectStore store;
    final RedisClient redisClient;
    final StatefulRedisConnection<String, String> redis;
    final RedisJobStatusStore status;
    final RuntimeProperties props;
    final List<StageEvent> events = new CopyOnWriteArrayList<>();
    final List<ReceivedMessage> dlq = new CopyOnWriteArrayList<>();
    private final List<Disposable> collectors = new ArrayList<>();
    private final List<StageRuntime> runtimes = new CopyOnWriteArrayList<>();

    Harness(DevStack stack) throws Exception {
        this.stack = stack;
        this.bus = new ReactorKafkaBus(KafkaProperties.of(stack.kafkaBootstrapServers()));
        this.store = new MinioObjectStore(S3Properties.of(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                stack.s3Bucket(), stack.s3Region()));
        store.ensureBucket().block(Duration.ofSeconds(30));
        this.redisClient = RedisClient.create(stack.redisUri());
        this.redis = redisClient.connect();
        this.props = new RuntimeProperties(true, "it-" + ProcessHandle.current().pid(), 2, 3,
                Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(50),
                Files.createTempDirectory("reelpipe-it-scratch"), Duration.ofSeconds(30), Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMillis(200), "it");
        this.status = new RedisJobStatusStore(redis.reactive(), props.jobRetention());
        bus.ensureTopics(java.util.Map.of(Topics.EVENTS, Topics.TASK_PARTITIONS, Topics.DLQ, 3)).block(Duration.ofSeconds(30));
        String group = "it-collector-" + UUID.randomUUID();
        collectors.add(bus.receive(Topics.EVENTS, group).subscribe(m -> {
            events.add(WireFormat.readEvent(m.value()));
            m.ack();
        }));
        collectors.add(bus.receive(Topics.DLQ, group).subscribe(m -> {
            dlq.add(m);
            m.ack();
        }));
    }

    /** A fresh, valid filter name, so every test has its own topics and consumer groups. */
    static String name(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    StageRuntime start(Filter<?> filter) {
        return start(filter, props);
    }

    StageRuntime start(Filter<?> filter, RuntimeProperties p) {
        StageRuntime r = new StageRuntime(filter, bus, store, status, p);
        r.start();
        runtimes.add(r);
        return r;
    }

    JobSnapshot awaitJob(String jobId, Predicate<JobSnapshot> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<JobSnapshot> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            // one read may take as long as the whole wait has left: a read stalled for a few seconds (a busy or
            // I/O-starved build machine) is not the job failing to reach its state
            long left = Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos());
            last = status.snapshot(jobId).block(Duration.ofNanos(left));
            if (last.isPresent() && done.test(last.get())) {
                return last.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not reach the expected state within " + timeout + "; last: " + last);
    }

    List<StageEvent> events(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
    }

    <T extends StageEvent> List<T> events(String jobId, Class<T> type) {
        return events(jobId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    void awaitEvents(String jobId, Predicate<List<StageEvent>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(events(jobId))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("events of " + jobId + " not as expected: " + events(jobId));
    }

    /** Waits until {@code members} consumers of a filter's pool each hold partitions (the group is rebalanced). */
    void awaitPoolMembers(String filter, int members, Duration timeout) {
        bus.awaitConsumers(StageRuntime.group(filter), members, timeout).block(timeout.plusSeconds(5));
    }

    void stopRuntimes() {
        Flux.fromIterable(runtimes).flatMap(StageRuntime::stopGracefully).then().block(Duration.ofSeconds(30));
        runtimes.clear();
    }

    @Override
    public void close() {
        stopRuntimes();
        collectors.forEach(Disposable::dispose);
        redis.close();
        redisClient.shutdown();
        bus.close();
        deleteQuietly(props.scratchDir());
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort
        }
    }
}
