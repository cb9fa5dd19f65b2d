package io.reelpipe.keyword.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Dynamic batching in front of one {@link SentenceEmbedder}: requests from concurrent tasks queue up; one thread
 * takes the first, then keeps collecting until {@code maxBatch} requests are in hand or {@code maxWait} has passed
 * since the first one was queued (when the model was busy for longer, whatever queued meanwhile goes at once), runs
 * one {@link SentenceEmbedder#embed} over all their texts and completes each caller's {@link Mono} with its own rows.
 * Results are delivered on {@code deliverOn} (default {@link Schedulers#parallel()}) so that callers' downstream work
 * never holds up the next forward pass.
 */
public final class BatchingEmbedder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchingEmbedder.class);

    private record Request(List<String> texts, Sinks.One<float[][]> sink, long queuedAt) {
    }

    /** Counters since start. */
    public record Stats(long forwardPasses, long requests, long texts, long largestBatch) {
    }

    private final SentenceEmbedder delegate;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Scheduler deliverOn;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();
    private volatile boolean closed;

    public BatchingEmbedder(SentenceEmbedder delegate, int maxBatch, Duration maxWait) {
        this(delegate, maxBatch, maxWait, Schedulers.parallel());
    }

    public BatchingEmbedder(SentenceEmbedder delegate, int maxBatch, Duration maxWait, Scheduler deliverOn) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.delegate = delegate;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = Math.max(0, maxWait.toNanos());
        this.deliverOn = deliverOn;
        this.worker = Thread.ofPlatform().name("keyword-embedder").daemon().start(this::loop);
    }

    /** Embeds {@code texts} in some forward pass shared with other callers. */
    public Mono<float[][]> embed(List<String> texts) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new IllegalStateException("embedder is closed"));
            }
            if (texts.isEmpty()) {
                return Mono.just(new float[0][]);
            }
            Sinks.One<float[][]> sink = Sinks.one();
            queue.add(new Request(List.copyOf(texts), sink, System.nanoTime()));
            return sink.asMono().publishOn(deliverOn);
        });
    }

    public EmbedderInfo info() {
        return delegate.info();
    }

    public int maxBatch() {
        return maxBatch;
    }

    public Duration maxWait() {
        return Duration.ofNanos(maxWaitNanos);
    }

    public Stats stats() {
        return new Stats(passes.get(), requests.get(), texts.get(), largest.get());
    }

    private void loop() {
        while (!closed) {
            List<Request> batch = new ArrayList<>(maxBatch);
            try {
                Request first = queue.take();
                batch.add(first);
                long deadline = first.queuedAt() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                fail(batch, new IllegalStateException("embedder is closed"));
                Thread.currentThread().interrupt();
                break;
            }
            run(batch);
        }
        Request left;
        while ((left = queue.poll()) != null) {
            left.sink().tryEmitError(new IllegalStateException("embedder is closed"));
        }
    }

    private void run(List<Request> batch) {
        List<String> all = new ArrayList<>();
        for (Request r : batch) {
            all.addAll(r.texts());
        }
        float[][] rows;
        try {
            rows = delegate.embed(all);
        } catch (RuntimeException | Error e) {
            log.warn("event=embed-failed requests={} texts={} error={}", batch.size(), all.size(), e.toString());
            fail(batch, e);
            return;
        }
        passes.incrementAndGet();
        requests.addAndGet(batch.size());
        texts.addAndGet(all.size());
        largest.accumulateAndGet(batch.size(), Math::max);
        int at = 0;
        for (Request r : batch) {
            float[][] mine = new float[r.texts().size()][];
            System.arraycopy(rows, at, mine, 0, mine.length);
            at += mine.length;
            r.sink().tryEmitValue(mine);
        }
    }

    private static void fail(List<Request> batch, Throwable e) {
        for (Request r : batch) {
            r.sink().tryEmitError(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
