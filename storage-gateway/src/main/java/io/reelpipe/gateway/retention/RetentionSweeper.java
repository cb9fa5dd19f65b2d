package io.reelpipe.gateway.retention;

import io.reelpipe.gateway.GatewayProperties;
import io.reelpipe.gateway.storage.ObjectReader;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.storage.ObjectKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-tenant retention of sources: every {@code retention-interval}, for each tenant with
 * {@code reelpipe.gateway.retention.<tenant>.source-days=N}, deletes {@code {tenant}/{assetId}/source/original} when its
 * Last-Modified is more than N days ago. Outputs stay (players keep working); the asset can no longer be re-run.
 * It lists the tenant's asset prefixes (one level, not every segment) and stats each source.
 */
@Component
public class RetentionSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    private final ObjectReader reader;
    private final GatewayProperties props;
    private volatile Disposable running;

    public RetentionSweeper(ObjectReader reader, GatewayProperties props) {
        this.reader = reader;
        this.props = props;
    }

    /** One pass as of {@code now}; the number of sources deleted. */
    public Mono<Long> sweep(Instant now) {
        return Flux.fromIterable(props.retention().entrySet())
                .filter(e -> e.getValue() != null && e.getValue().sourceDays() != null && e.getValue().sourceDays() > 0)
                .concatMap(e -> sweepTenant(e.getKey(), e.getValue().sourceDays(), now))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> sweepTenant(String tenant, int days, Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(days));
        String tenantPrefix;
        try {
            tenantPrefix = ObjectKeys.assetPrefix(tenant, "x").substring(0, tenant.length() + 1);
        } catch (IllegalArgumentException e) {
            log.warn("retention: ignoring invalid tenant name '{}'", tenant);
            return Mono.just(0L);
        }
        return reader.childPrefixes(tenantPrefix)
                .map(p -> p.substring(tenantPrefix.length()).replaceAll("/$", ""))
                .concatMap(assetId -> {
                    String key;
                    try {
                        key = ObjectKeys.source(tenant, assetId);
                    } catch (IllegalArgumentException e) {
                        return Mono.just(0L);
                    }
                    return reader.stat(key).flatMap(o -> {
                        if (o.isPresent() && o.get().lastModified().isBefore(cutoff)) {
                            log.info("retention: deleting source tenant={} assetId={} lastModified={} sourceDays={}",
                                    tenant, assetId, o.get().lastModified(), days);
                            return reader.delete(key).thenReturn(1L);
                        }
                        return Mono.just(0L);
                    });
                })
                .reduce(0L, Long::sum);
    }

    @Override
    public void start() {
        Duration every = props.retentionInterval();
        if (every.isZero() || every.isNegative() || props.retention().isEmpty()) {
            return;
        }
        running = PeriodicTask.every(Duration.ofMinutes(1), every, t -> sweep(Instant.now()).doOnNext(n -> {
                    if (n > 0) {
                        log.info("retention sweep deleted {} sources", n);
                    }
                }),
                e -> log.warn("retention sweep failed: {}", e.toString()));
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    Map<String, GatewayProperties.TenantRetention> policies() {
        return props.retention();
    }
}
