package io.reelpipe.catalog.events;

import io.reelpipe.catalog.CatalogProperties;
import io.reelpipe.catalog.document.DocumentLoader;
import io.reelpipe.catalog.index.CatalogWriter;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.ReceivedMessage;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.reelpipe.pipeline.runtime.SubscriptionLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Consumes {@code reelpipe.events} in this replica's own group ({@link CatalogProperties#group()}): a completed stage
 * (and a completed job) re-reads its asset from storage into the index; {@code AssetDeleted} removes it. Each record
 * is acknowledged only after the index commit that holds its effect, so a crash replays instead of losing; every
 * step is idempotent (the document is always rebuilt from what storage holds), so replays change nothing.
 */
public class CatalogEventsConsumer extends SubscriptionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogEventsConsumer.class);
    private static final int JOBS_REMEMBERED = 10_000;

    private final MessageBus bus;
    private final CatalogWriter writer;
    private final String group;
    private final boolean enabled;
    /** jobId → tenant/assetId, learnt from stage completions, for job-level events (which name only the job). */
    private final Map<String, String[]> jobs = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> e) {
            return size() > JOBS_REMEMBERED;
        }
    };

    public CatalogEventsConsumer(MessageBus bus, CatalogWriter writer, CatalogProperties props) {
        this.bus = bus;
        this.writer = writer;
        this.group = props.group();
        this.enabled = props.consumerEnabled();
    }

    @Override
    protected Disposable subscribe() {
        log.info("event=catalog_consumer_started topic={} group={}", Topics.EVENTS, group);
        return Mono.defer(() -> bus.receive(Topics.EVENTS, group).concatMap(this::handle).then())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(s -> log.warn("event=catalog_consumer_failed error=\"{}\" resubscribing",
                                s.failure().toString())))
                .subscribe();
    }

    Mono<Void> handle(ReceivedMessage msg) {
        StageEvent event;
        try {
            event = WireFormat.readEvent(msg.value());
        } catch (RuntimeException e) {
            log.warn("event=unreadable_event partition={} offset={} error=\"{}\"", msg.partition(), msg.offset(),
                    e.toString());
            msg.ack();
            return Mono.empty();
        }
        return apply(event)
                .retryWhen(Retry.backoff(5, Duration.ofMillis(200)))
                .doOnSuccess(v -> writer.afterCommit(msg::ack));
    }

    /** What one event does to the index. */
    public Mono<Void> apply(StageEvent event) {
        return switch (event) {
            case StageEvent.StageCompleted e when e.manifest() != null -> {
                String tenant = e.manifest().tenant();
                String asset = e.manifest().assetId();
                synchronized (jobs) {
                    jobs.put(e.jobId(), new String[] {tenant, asset});
                }
                // a stage whose outputs the document does not use (transcode, thumbnails) changes nothing once the
                // asset is indexed: skip the re-read (the job's completion re-reads it anyway)
                yield DocumentLoader.usesAnyOf(e.manifest().outputs()) || !writer.index().contains(tenant, asset)
                        ? refresh(tenant, asset, e.jobId(), e.stage()) : Mono.empty();
            }
            case StageEvent.JobCompleted e -> {
                String[] a;
                synchronized (jobs) {
                    a = jobs.get(e.jobId());
                }
                yield a == null ? Mono.empty() : refresh(a[0], a[1], e.jobId(), "job");
            }
            case StageEvent.AssetDeleted e -> writer.delete(e.tenant(), e.assetId())
                    .doOnSuccess(v -> log.info("event=asset_removed tenant={} assetId={}", e.tenant(), e.assetId()));
            default -> Mono.empty();
        };
    }

    private Mono<Void> refresh(String tenant, String asset, String jobId, String stage) {
        long t0 = System.nanoTime();
        return writer.refreshAsset(tenant, asset)
                .doOnNext(present -> log.info("event=asset_indexed jobId={} stage={} tenant={} assetId={} present={} "
                        + "ms={}", jobId, stage, tenant, asset, present, (System.nanoTime() - t0) / 1_000_000))
                .then();
    }


    @Override
    public boolean isAutoStartup() {
        return enabled;
    }
}
