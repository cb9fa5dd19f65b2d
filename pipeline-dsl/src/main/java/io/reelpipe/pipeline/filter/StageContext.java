package io.reelpipe.pipeline.filter;

import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** What a filter sees of its task and of the platform while it runs. */
public interface StageContext<P> {

    StageTask task();

    P parameters();

    default String jobId() {
        return task().jobId();
    }

    default String assetId() {
        return task().assetId();
    }

    default String tenant() {
        return task().tenant();
    }

    default String stage() {
        return task().stage();
    }

    /** The uploaded original. */
    default ObjectRef source() {
        return task().source();
    }

    /** Probe results of the source, as plain JSON values. */
    default Map<String, Object> media() {
        return task().media();
    }

    /** The manifest of a completed upstream stage this stage needs. */
    default Optional<StageManifest> upstream(String stageName) {
        return Optional.ofNullable(task().upstream().get(stageName));
    }

    /** A private directory for this attempt, deleted when the stage ends however it ends. */
    Path scratch();

    /** Reports progress 0..1; cheap to call often (the runtime throttles writes to Redis). */
    void progress(double fraction);

    /** True once the job was cancelled or the worker is shutting down. Check between expensive steps. */
    boolean cancelled();

    /** Throws {@link StageCancelledException} when {@link #cancelled()}. */
    default void throwIfCancelled() {
        if (cancelled()) {
            throw new StageCancelledException(jobId(), stage());
        }
    }

    /** Downloads an object into scratch space. */
    Mono<Path> download(ObjectRef object);

    /**
     * Offers {@code parts} of this stage to the other instances of the pool (see {@link SharedWork}): one record per
     * part on the filter's topic, each carrying {@code data} (what a helper needs to run any part). Returns the handle
     * this stage claims parts through. Offering the same {@code workId} again (a retried attempt) sees the parts
     * already done. Outside the runtime: a {@link SharedWork#local local} handle, nothing offered.
     */
    default Mono<SharedWork> share(String workId, List<String> parts, Map<String, Object> data) {
        return Mono.just(SharedWork.local(workId));
    }

    /**
     * In {@link Filter#runPart}: the shared work the received part belongs to ({@code task().part()} names the part
     * and carries the work's data).
     */
    default SharedWork work() {
        throw new IllegalStateException("not a part task: stage " + stage() + " of job " + jobId());
    }

    /**
     * A URL FFmpeg-like readers can fetch {@code object} from with HTTP range requests, valid for {@code ttl};
     * empty when the store cannot make one (then {@link #download}).
     */
    default Mono<String> readUrl(ObjectRef object, Duration ttl) {
        return Mono.empty();
    }

    /**
     * Deletes {@code {tenant}/{assetId}/{stage}/{name}} (an intermediate the stage no longer needs); deleting what is
     * not there is no error.
     */
    default Mono<Void> delete(String name) {
        return Mono.error(new UnsupportedOperationException("this context cannot delete stage objects"));
    }

    /**
     * Uploads a file as one of this stage's outputs under {@code {tenant}/{assetId}/{stage}/{name}}
     * (deterministic, so a redelivered task overwrites rather than duplicates).
     */
    Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes);
}
