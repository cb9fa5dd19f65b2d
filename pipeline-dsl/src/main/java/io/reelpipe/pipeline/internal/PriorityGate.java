package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.model.StageDefinition.Priority;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The runtime's stage slots ({@code concurrency} of them). A record that arrives while every slot is busy waits here;
 * when a slot frees, the oldest HIGH waiter gets it, then NORMAL, then LOW. With the high-priority topic consumed by
 * the same consumer this is how {@code priority} works without priorities in Kafka.
 *
 * <p>The number of slots changes at run time ({@link #setSlots}, the operators' per-instance concurrency): more slots
 * hand out permits to waiters at once; fewer slots take effect as running stages end (nothing is interrupted).
 * {@link #pause()} hands out no slot until {@link #resume()}: running stages finish, waiting records stay where they
 * are (unacknowledged), and {@link #admit()} stops taking records from the consumer, so its back-pressure pauses
 * the Kafka fetches.
 *
 * <p>Admission: a record is taken from the consumer only while fewer than {@code slots + lookahead} records are
 * held (running or waiting); {@link #admit()} completes when that is so, {@link #leave()} ends a record's stay.
 */
final class PriorityGate {

    /** A held slot; {@link #release()} is idempotent. */
    interface Permit {
        void release();
    }

    private final int lookahead;
    private int slots;
    private int used;
    private int held;
    private boolean paused;
    private boolean closed;
    private Supplier<? extends RuntimeException> closedError;
    private final Map<Priority, Deque<MonoSink<Permit>>> waiters = new EnumMap<>(Priority.class);
    private final Deque<MonoSink<Void>> admissions = new ArrayDeque<>();

    PriorityGate(int slots) {
        this(slots, 0);
    }

    PriorityGate(int slots, int lookahead) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        this.slots = slots;
        this.lookahead = lookahead;
        for (Priority p : Priority.values()) {
            waiters.put(p, new ArrayDeque<>());
        }
    }

    Mono<Permit> acquire(Priority priority) {
        return Mono.create(sink -> {
            synchronized (this) {
                if (closed) {
                    sink.error(closedError.get());
                    return;
                }
                if (!paused && used < slots) {
                    used++;
                    sink.success(permit());
                    return;
                }
                Deque<MonoSink<Permit>> q = waiters.get(priority);
                q.addLast(sink);
                sink.onCancel(() -> {
                    synchronized (this) {
                        q.remove(sink);
                    }
                });
            }
        });
    }

    /** Completes when the runtime may take one more record from the consumer (see the class comment). */
    Mono<Void> admit() {
        return Mono.create(sink -> {
            synchronized (this) {
                if (closed || (!paused && held < slots + lookahead)) {
                    held++;
                    sink.success();
                    return;
                }
                admissions.addLast(sink);
                sink.onCancel(() -> {
                    synchronized (this) {
                        admissions.remove(sink);
                    }
                });
            }
        });
    }

    /** A record taken by {@link #admit()} is done (acknowledged, left for redelivery or handed to a retry). */
    void leave() {
        synchronized (this) {
            held = Math.max(0, held - 1);
        }
        drain();
    }

    synchronized int waiting() {
        return waiters.values().stream().mapToInt(Deque::size).sum();
    }

    synchronized int slots() {
        return slots;
    }

    synchronized int used() {
        return used;
    }

    synchronized boolean paused() {
        return paused;
    }

    /** Changes the number of slots (at least 1); waiters get the new ones at once. */
    void setSlots(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + n);
        }
        synchronized (this) {
            slots = n;
        }
        drain();
    }

    /** Hands out no slot and admits no record until {@link #resume()}. */
    synchronized void pause() {
        paused = true;
    }

    void resume() {
        synchronized (this) {
            paused = false;
        }
        drain();
    }

    /** Fails every waiter (and later acquire) with the given error: the worker is stopping. */
    void close(Supplier<? extends RuntimeException> error) {
        List<MonoSink<Permit>> failed = new ArrayList<>();
        List<MonoSink<Void>> admitted = new ArrayList<>();
        synchronized (this) {
            closed = true;
            closedError = error;
            waiters.values().forEach(q -> {
                failed.addAll(q);
                q.clear();
            });
            admitted.addAll(admissions);
            admissions.clear();
            held += admitted.size();
        }
        failed.forEach(s -> s.error(error.get()));
        // the records they let through are dropped by the stopping processor (never acknowledged)
        admitted.forEach(MonoSink::success);
    }

    private Permit permit() {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release();
            }
        };
    }

    private void release() {
        synchronized (this) {
            used--;
        }
        drain();
    }

    /** Hands free slots to waiters (HIGH first, oldest first) and admits records while there is room. */
    private void drain() {
        List<MonoSink<Permit>> granted = new ArrayList<>();
        List<MonoSink<Void>> admitted = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            while (!paused && used < slots) {
                MonoSink<Permit> next = null;
                for (Priority p : new Priority[] {Priority.HIGH, Priority.NORMAL, Priority.LOW}) {
                    next = waiters.get(p).pollFirst();
                    if (next != null) {
                        break;
                    }
                }
                if (next == null) {
                    break;
                }
                used++;
                granted.add(next);
            }
            while (!paused && held < slots + lookahead && !admissions.isEmpty()) {
                held++;
                admitted.add(admissions.pollFirst());
            }
        }
        granted.forEach(s -> s.success(permit()));
        admitted.forEach(MonoSink::success);
    }
}
