package io.reelpipe.catalog.index;

import io.reelpipe.catalog.document.DocumentLoader;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every change to the index goes through here: {@link #refreshAsset} re-reads an asset from storage and upserts or
 * deletes its document (so replays and out-of-order events converge on what storage holds), {@link #afterCommit}
 * queues work (Kafka acknowledgements) until the next durable commit. Two loops: a near-real-time reopen every
 * {@code refreshInterval} (paused while a rebuild fills the index, so searches never see it half-built) and a commit
 * every {@code commitInterval}.
 */
public final class CatalogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWriter.class);

    private final CatalogIndex index;
    private final DocumentLoader loader;
    private final List<Runnable> pendingAcks = new ArrayList<>();
    private final AtomicBoolean refreshPaused = new AtomicBoolean();
    private final Disposable refresher;
    private final Disposable committer;

    public CatalogWriter(CatalogIndex index, DocumentLoader loader, Duration refreshInterval, Duration commitInterval) {
        this.index = index;
        this.loader = loader;
        this.refresher = PeriodicTask.every(refreshInterval, refreshInterval, Schedulers.boundedElastic(),
                i -> Mono.fromRunnable(() -> {
                    if (!refreshPaused.get()) {
                        index.refresh();
                    }
                }), e -> log.warn("event=refresh_failed error=\"{}\"", e.toString()));
        this.committer = PeriodicTask.every(commitInterval, commitInterval, Schedulers.boundedElastic(),
                i -> Mono.fromRunnable(this::commit), e -> log.warn("event=commit_failed error=\"{}\"", e.toString()));
    }

    public CatalogIndex index() {
        return index;
    }

    /** Re-reads one asset from storage: upserted when storage holds something for it, deleted otherwise. */
    public Mono<Boolean> refreshAsset(String tenant, String assetId) {
        return loader.load(tenant, assetId).publishOn(Schedulers.boundedElastic()).map(doc -> {
            if (doc.isPresent()) {
                index.upsert(doc.get());
                return true;
            }
            index.delete(tenant, assetId);
            return false;
        });
    }

    public Mono<Void> delete(String tenant, String assetId) {
        return Mono.fromRunnable(() -> index.delete(tenant, assetId)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** Runs {@code ack} once everything written so far is committed to disk. */
    public void afterCommit(Runnable ack) {
        synchronized (pendingAcks) {
            pendingAcks.add(ack);
        }
    }

    /** Commits, then runs the acknowledgements that were waiting for it. */
    public void commit() {
        List<Runnable> acks;
        synchronized (pendingAcks) {
            acks = new ArrayList<>(pendingAcks);
            pendingAcks.clear();
        }
        try {
            index.commit();
        } catch (RuntimeException e) {
            synchronized (pendingAcks) {
                pendingAcks.addAll(0, acks);
            }
            throw e;
        }
        acks.forEach(Runnable::run);
    }

    /** While paused, searches keep the last view (a rebuild is filling the index). */
    public void pauseRefresh(boolean paused) {
        refreshPaused.set(paused);
        if (!paused) {
            index.refresh();
        }
    }

    @Override
    public void close() {
        refresher.dispose();
        committer.dispose();
        commit();
    }
}
