package io.reelpipe.ingest.tus;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.reelpipe.pipeline.runtime.SubscriptionLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@code tus.sweep-interval}: aborts the S3 multipart uploads of expired unfinished uploads (and deletes
 * unused partial objects), removes their spool files and rows; and retries completions that a crash interrupted
 * after the bytes were stored; removes expired direct uploads that were never completed.
 */
@Component
public class TusSweeper extends SubscriptionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TusSweeper.class);

    private final TusUploadRepository repo;
    private final TusService tus;
    private final io.reelpipe.ingest.direct.DirectUploadService direct;
    private final IngestProperties.Tus props;

    public TusSweeper(TusUploadRepository repo, TusService tus, io.reelpipe.ingest.direct.DirectUploadService direct,
                      IngestProperties props) {
        this.repo = repo;
        this.direct = direct;
        this.tus = tus;
        this.props = props.getTus();
    }

    /** One round; returns the number of uploads removed. */
    public Mono<Long> sweep() {
        String owner = "sweeper/" + UUID.randomUUID().toString().substring(0, 8);
        Mono<Long> expired = repo.expired(100)
                .concatMap(u -> repo.lock(u.id(), owner, props.getLockTtl())
                        .flatMap(locked -> Mono.fromRunnable(() -> tus.discard(locked))
                                .subscribeOn(Schedulers.boundedElastic())
                                .then(repo.delete(locked.id()))
                                .doOnSuccess(n -> log.info("tus upload expired and removed id={} tenant={} offset={}",
                                        locked.id(), locked.tenant(), locked.offset())))
                        .onErrorResume(e -> {
                            log.warn("tus sweep of id={} failed: {}", u.id(), e.toString());
                            return repo.unlock(u.id(), owner);
                        }))
                .count();
        Mono<Long> stuck = repo.stuckCompleting(20).concatMap(u -> tus.resumeCompletion(u).thenReturn(1L)).count();
        Mono<Long> directs = direct.sweep();
        return expired.flatMap(n -> stuck.then(directs).map(d -> n + d));
    }

    @Override
    protected Disposable subscribe() {
        Duration every = props.getSweepInterval();
        return PeriodicTask.every(every, every, t -> sweep(), e -> log.warn("tus sweep failed: {}", e.toString()));
    }


    @Override
    public boolean isAutoStartup() {
        return props.isSweeperEnabled();
    }
}
