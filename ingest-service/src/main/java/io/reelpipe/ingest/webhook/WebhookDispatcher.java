package io.reelpipe.ingest.webhook;

import io.reelpipe.ingest.IngestProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.reelpipe.pipeline.runtime.SubscriptionLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Delivers webhook events: claims due deliveries, POSTs each signed payload, records the attempt; a non-2xx answer
 * or an error retries with exponential backoff ({@code backoff-initial} doubling up to {@code backoff-max}) until
 * {@code max-age} (24 h) after the event, then the delivery is FAILED. Several instances share the work.
 */
@Component
public class WebhookDispatcher extends SubscriptionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookRepository repo;
    private final IngestProperties.Webhooks props;
    private final WebClient http;
    private final Sinks.Many<Boolean> kicks = Sinks.many().multicast().directBestEffort();

    public WebhookDispatcher(WebhookRepository repo, IngestProperties props,
                             org.springframework.beans.factory.ObjectProvider<WebClient.Builder> http) {
        this.repo = repo;
        this.props = props.getWebhooks();
        this.http = http.getIfAvailable(WebClient::builder).build();
    }

    /** Asks for a round now (after events were applied). */
    public void kick() {
        kicks.tryEmitNext(Boolean.TRUE);
    }

    @Override
    protected Disposable subscribe() {
        Disposable loop = Flux.merge(Flux.interval(Duration.ZERO, props.getPollInterval()).map(t -> Boolean.TRUE), kicks.asFlux())
                .onBackpressureLatest()
                .concatMap(t -> round().onErrorResume(e -> {
                    log.warn("webhook round failed: {}", e.toString());
                    return Mono.just(0L);
                }), 1)
                .subscribe();
        log.info("webhook dispatcher started poll_interval={}", props.getPollInterval());
        return loop;
    }

    /** One round: every due delivery gets one attempt. */
    public Mono<Long> round() {
        Duration lease = props.getTimeout().plusSeconds(30);
        return repo.claimDue(props.getBatchSize(), lease)
                .flatMap(this::attempt, 8)
                .count();
    }

    private Mono<Void> attempt(WebhookRepository.Due d) {
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        long t = Instant.now().getEpochSecond();
        int attempt = d.attempts() + 1;
        long t0 = System.nanoTime();
        return http.post().uri(d.url())
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(d.secret(), t, body))
                .header("X-Reelpipe-Event", d.eventType())
                .header("X-Reelpipe-Delivery", Long.toString(d.id()))
                .header("User-Agent", "Reelpipe-Webhooks/1")
                .bodyValue(body)
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .timeout(props.getTimeout())
                .map(status -> new Result(status, status >= 200 && status < 300 ? null : "receiver answered " + status))
                .onErrorResume(e -> Mono.just(new Result(null, e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage())))
                .flatMap(res -> {
                    long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                    boolean ok = res.error == null;
                    Instant next = Instant.now().plus(backoff(attempt));
                    String state = ok ? "DELIVERED" : next.isAfter(d.createdAt().plus(props.getMaxAge())) ? "FAILED" : "PENDING";
                    log.info("webhook delivery id={} event={} attempt={} status={} state={} durationMs={}{}", d.id(),
                            d.eventId(), attempt, res.status, state, ms, ok ? "" : " error=\"" + res.error + "\"");
                    return repo.recordAttempt(d.id(), attempt, res.status, res.error, ms, state, ok ? Instant.now() : next);
                });
    }

    Duration backoff(int attempt) {
        long ms = props.getBackoffInitial().toMillis() << Math.min(30, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(ms, props.getBackoffMax().toMillis()));
    }

    private record Result(Integer status, String error) {
    }


    @Override
    public boolean isAutoStartup() {
        return props.isEnabled();
    }
}
