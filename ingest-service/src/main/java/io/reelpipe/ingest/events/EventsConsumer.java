package io.reelpipe.ingest.events;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.ReceivedMessage;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Consumes {@code reelpipe.events} (group {@code reelpipe.ingest}) into PostgreSQL. Each record is acknowledged
 * only after its database transaction committed; a database outage stops consumption and resumes from the last
 * committed offset. A record that is not a readable event is logged and skipped.
 */
@Component
public class EventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventsConsumer.class);

    private final MessageBus bus;
    private final EventProjection projection;
    private final IngestProperties.Events props;
    private final io.reelpipe.ingest.webhook.WebhookDispatcher webhooks;
    private volatile Disposable loop;

    public EventsConsumer(MessageBus bus, EventProjection projection, IngestProperties props,
                          io.reelpipe.ingest.webhook.WebhookDispatcher webhooks) {
        this.bus = bus;
        this.projection = projection;
        this.props = props.getEvents();
        this.webhooks = webhooks;
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        log.info("events consumer started topic={} group={}", Topics.EVENTS, props.getGroup());
        loop = Mono.defer(() -> bus.receive(Topics.EVENTS, props.getGroup()).concatMap(this::handle).then())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(s -> log.warn("events consumer failed, resubscribing: {}", s.failure().toString())))
                .subscribe();
    }

    private Mono<Void> handle(ReceivedMessage msg) {
        StageEvent event;
        try {
            event = WireFormat.readEvent(msg.value());
        } catch (RuntimeException e) {
            log.error("skipping unreadable event partition={} offset={} key={}: {}", msg.partition(), msg.offset(),
                    msg.key(), e.toString());
            msg.ack();
            return Mono.empty();
        }
        return projection.apply(event)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
                .doOnNext(applied -> log.atInfo().addKeyValue("jobId", event.jobId())
                        .log("event {} jobId={} eventId={} {}", event.getClass().getSimpleName(), event.jobId(),
                                event.eventId(), applied ? "applied" : "already applied"))
                .doOnNext(applied -> {
                    if (applied) {
                        webhooks.kick();
                    }
                })
                .then(Mono.fromRunnable(msg::ack));
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
            log.info("events consumer stopped");
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
}
