package io.reelpipe.thumbnail;

import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoublePredicate;
import reactor.core.publisher.Mono;

/** A StageContext over local folders: "downloads" a local file, "uploads" by copying into {@code store}. */
final class FakeStageContext implements StageContext<ThumbnailParameters> {

    final Path source;
    final Path scratch;
    final Path store;
    final ThumbnailParameters params;
    final List<Double> progress = new CopyOnWriteArrayList<>();
    final List<String> uploaded = new CopyOnWriteArrayList<>();
    /** Cancelled once this holds for the last reported progress. */
    DoublePredicate cancelWhen = p -> false;

    FakeStageContext(Path source, Path dir, ThumbnailParameters params) {
        this.source = source;
        this.scratch = dir.resolve("scratch");
        this.store = dir.resolve("store");
        this.params = params;
        try {
            Files.createDirectories(scratch);
            Files.createDirectories(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StageTask task() {
        throw new UnsupportedOperationException("not in unit tests");
    }

    @Override
    public String jobId() {
        return "job-1";
    }

    @Override
    public String stage() {
        return "thumbnail";
    }

    @Override
    public String tenant() {
        return "acme";
    }

    @Override
    public String assetId() {
        return "asset-1";
    }

    @Override
    public ObjectRef source() {
        return new ObjectRef("reelpipe", "acme/asset-1/source/original", -1, "video/mp4", null);
    }

    @Override
    public ThumbnailParameters parameters() {
        return params;
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public void progress(double fraction) {
        progress.add(fraction);
    }

    @Override
    public boolean cancelled() {
        return !progress.isEmpty() && cancelWhen.test(progress.getLast());
    }

    @Override
    public Mono<Path> download(ObjectRef object) {
        return Mono.fromCallable(() -> Files.copy(source, scratch.resolve("original")));
    }

    @Override
    public Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes) {
        return Mono.fromCallable(() -> {
            Path target = store.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
            uploaded.add(name);
            return new OutputFile(name, "acme/asset-1/thumbnail/" + name, contentType, Files.size(target), attributes);
        });
    }
}
