package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.wire.StageTask;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts {@code jobId} and {@code stage} in the logging MDC while a filter runs, so that lines logged by media code that
 * knows nothing of jobs (FFmpeg command lines, chunk events) can still be tied to one. The MDC is a thread-local:
 * a Reactor schedule hook carries the scheduling thread's MDC into every task a scheduler runs (and restores the
 * worker thread's own afterwards), so it follows the filter's {@code subscribeOn}/{@code publishOn} hops; threads a
 * filter starts itself must copy it ({@link MDC#getCopyOfContextMap()}).
 */
public final class StageLogContext {

    public static final String JOB = "jobId";
    public static final String STAGE = "stage";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private StageLogContext() {
    }

    /** Installs the schedule hook once per JVM. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Schedulers.onScheduleHook("reelpipe-mdc", task -> {
            Map<String, String> captured = MDC.getCopyOfContextMap();
            if (captured == null || captured.isEmpty()) {
                return task;
            }
            return () -> {
                Map<String, String> previous = MDC.getCopyOfContextMap();
                MDC.setContextMap(captured);
                try {
                    task.run();
                } finally {
                    if (previous == null) {
                        MDC.clear();
                    } else {
                        MDC.setContextMap(previous);
                    }
                }
            };
        });
    }

    /**
     * Subscribes to what {@code work} returns with the task's ids in the MDC of the subscribing thread (and so of
     * everything scheduled from it); the thread's own MDC is put back once the subscription call returns.
     */
    static <T> Mono<T> around(StageTask task, Supplier<Mono<T>> work) {
        return Mono.fromDirect(subscriber -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            MDC.put(JOB, task.jobId());
            MDC.put(STAGE, task.stage());
            try {
                Mono<T> mono;
                try {
                    mono = work.get();
                } catch (RuntimeException e) {
                    mono = Mono.error(e);
                }
                mono.subscribe(subscriber);
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        });
    }
}
