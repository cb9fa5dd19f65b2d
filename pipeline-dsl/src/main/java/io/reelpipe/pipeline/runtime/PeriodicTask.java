package io.reelpipe.pipeline.runtime;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A round of work every period, for the services' background loops (heartbeats, sweeps, lease renewals, tickers):
 * rounds never overlap; a round slower than the period skips the ticks it overlaps (an interval whose tick finds no
 * demand otherwise fails with an overflow error and the loop stops for good); a failed round is reported and the next
 * one runs as planned.
 */
public final class PeriodicTask {

    private PeriodicTask() {
    }

    /**
     * @param round     the work of tick {@code i} (0, 1, …); an exception while building it counts as a failed round
     * @param onFailure what to do with a failed round's error (log it); the loop goes on
     */
    public static Disposable every(Duration delay, Duration period, Scheduler scheduler, LongFunction<Mono<?>> round,
                                   Consumer<Throwable> onFailure) {
        return Flux.interval(delay, period, scheduler)
                .onBackpressureDrop()
                .concatMap(i -> Mono.defer(() -> round.apply(i)).onErrorResume(e -> {
                    onFailure.accept(e);
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    /** As above, on Reactor's parallel scheduler. */
    public static Disposable every(Duration delay, Duration period, LongFunction<Mono<?>> round,
                                   Consumer<Throwable> onFailure) {
        return every(delay, period, Schedulers.parallel(), round, onFailure);
    }
}
