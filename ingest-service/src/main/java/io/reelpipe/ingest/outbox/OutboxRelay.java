package io.reelpipe.ingest.outbox;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka, so no job is lost between the database commit and the broker: rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED} (several ingest instances share the work), sent in id order, and
 * marked sent in the same transaction. A crash after the send and before the commit sends a row twice, which
 * at-least-once consumers tolerate; a crash before the send leaves it for the next round or the next start.
 *
 * <p>Runs every {@code reelpipe.ingest.outbox.poll-interval} and whenever {@link #kick()} is called after a
 * commit (low latency). Before a {@code StageTask} leaves, the job is (idempotently) recorded in Redis, so a crash
 * between commit and {@code JobStatusStore.createJob} cannot leave a worker with a job Redis does not know.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final MessageBus bus;
    private final JobStatusStore status;
    private final TransactionalOperator tx;
    private final IngestProperties.Outbox props;
    private final Sinks.Many<Boolean> kicks = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;

    public OutboxRelay(OutboxRepository outbox, MessageBus bus, JobStatusStore status, TransactionalOperator tx,
                       IngestProperties props) {
        this.outbox = outbox;
        this.bus = bus;
        this.status = status;
        this.tx = tx;
        this.props = props.getOutbox();
    }

    /** Asks for a round now (coalesced with one already running). */
    public void kick() {
        kicks.tryEmitNext(Boolean.TRUE);
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        log.info("outbox relay started poll_interval={} batch_size={}", props.getPollInterval(), props.getBatchSize());
        loop = Flux.merge(Flux.interval(Duration.ZERO, props.getPollInterval()).map(t -> Boolean.TRUE), kicks.asFlux())
                .onBackpressureLatest()
                .concatMap(t -> drain(), 1)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
            log.info("outbox relay stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public boolean isAutoStartup() {
        return props.isEnabled();
    }

    /** Publishes until no unsent row is left; never errors (failures are logged and retried next round). */
    public Mono<Long> drain() {
        return drainOnce()
                .expand(n -> n >= props.getBatchSize() ? drainOnce() : Mono.empty())
                .reduce(0L, Long::sum)
                .onErrorResume(e -> {
                    log.warn("outbox round failed, retrying next round: {}", e.toString());
                    return Mono.just(0L);
                });
    }

    /** One transaction: claim a batch, publish it in order, mark what was acknowledged. Returns rows claimed. */
    private Mono<Long> drainOnce() {
        return tx.transactional(outbox.claimUnsent(props.getBatchSize())
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Mono.just(0L);
                    }
                    List<Long> sent = new ArrayList<>();
                    return Flux.fromIterable(rows)
                            .concatMap(row -> publish(row)
                                    .then(Mono.fromRunnable(() -> sent.add(row.id())))
                                    .onErrorResume(e -> {
                                        log.warn("outbox publish failed id={} topic={} key={}: {}", row.id(), row.topic(),
                                                row.key(), e.toString());
                                        return outbox.markFailed(row.id(), e.toString()).then();
                                    }))
                            .then(Mono.defer(() -> outbox.markSent(sent)))
                            .thenReturn((long) rows.size());
                }));
    }

    private Mono<Void> publish(OutboxMessage row) {
        Mono<Void> before = Mono.empty();
        if (OutboxMessage.STAGE_TASK.equals(row.kind())) {
            StageTask task = WireFormat.readTask(row.payload());
            before = status.createJob(task.jobId(), task.assetId(), task.tenant(), task.pipeline());
        }
        return before
                .then(bus.send(new OutboundMessage(row.topic(), row.key(), row.payload(), row.headers())))
                .timeout(props.getSendTimeout())
                .doOnSuccess(v -> log.atInfo()
                        .addKeyValue("jobId", row.key())
                        .log("outbox published id={} topic={} jobId={}", row.id(), row.topic(), row.key()));
    }
}
