package io.reelpipe.transcode.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.media.FfmpegProgress;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.pipeline.filter.SharedWork;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A helper's chunk progress goes to the offering stage through the lease, throttled, and never fails the encode. */
class HelperProgressTest {

    /** Records progress reports; fails them when asked. */
    static final class RecordingWork implements SharedWork {
        final List<Double> reports = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public String id() {
            return "chunks";
        }

        @Override
        public Mono<Optional<Lease>> claim(String part) {
            return Mono.just(Optional.of(new Lease("chunks", part, "me")));
        }

        @Override
        public Mono<PartState> state(String part) {
            return Mono.just(PartState.CLAIMED);
        }

        @Override
        public Mono<Void> complete(Lease lease) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> release(Lease lease) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> progress(Lease lease, double fraction) {
            return failing ? Mono.error(new IllegalStateException("redis down"))
                    : Mono.fromRunnable(() -> reports.add(fraction));
        }
    }

    static FfmpegProgress at(double fraction) {
        return new FfmpegProgress(fraction, Duration.ZERO, 1, 0, false);
    }

    @Test
    void reportsAtMostOncePerIntervalClampedAndSwallowsFailures() {
        RecordingWork work = new RecordingWork();
        AtomicLong clock = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
        ProgressListener listener = ChunkedTranscoder.progressTo(work, new SharedWork.Lease("chunks", "00003", "me"),
                Duration.ofMillis(300), clock::get);
        listener.onProgress(at(0.1));
        listener.onProgress(at(0.2));
        listener.onProgress(at(0.3));
        assertThat(work.reports).containsExactly(0.1);

        clock.addAndGet(Duration.ofMillis(299).toNanos());
        listener.onProgress(at(0.4));
        assertThat(work.reports).containsExactly(0.1);
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        listener.onProgress(at(1.7)); // FFmpeg's estimate can overshoot the chunk's duration
        assertThat(work.reports).containsExactly(0.1, 1.0);

        clock.addAndGet(Duration.ofMillis(300).toNanos());
        work.failing = true;
        listener.onProgress(at(0.9)); // a failed report is dropped, not thrown into FFmpeg's progress thread
        assertThat(work.reports).containsExactly(0.1, 1.0);
    }

    @Test
    void partStateCarriesProgressOnlyWhileClaimed() {
        assertThat(SharedWork.PartState.FREE.progress()).isZero();
        assertThat(SharedWork.PartState.CLAIMED.progress()).isZero();
        assertThat(new SharedWork.PartState(SharedWork.PartState.Status.DONE, "vm-1").progress()).isEqualTo(1.0);
    }
}
