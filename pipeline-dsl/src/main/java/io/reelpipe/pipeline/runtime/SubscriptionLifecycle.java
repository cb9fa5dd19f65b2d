package io.reelpipe.pipeline.runtime;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * A Spring lifecycle whose whole work is one subscription (a consumer, a {@link PeriodicTask} loop): {@link #start}
 * subscribes once, {@link #stop} disposes it, {@link #isRunning} says whether it is held. The services' background
 * loops share this instead of each keeping its own {@code Disposable} field and the same three methods.
 */
public abstract class SubscriptionLifecycle implements SmartLifecycle {

    private Disposable running;

    /** Starts the work; called by {@link #start} only while nothing runs. */
    protected abstract Disposable subscribe();

    @Override
    public synchronized void start() {
        if (running == null) {
            running = subscribe();
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running != null;
    }
}
