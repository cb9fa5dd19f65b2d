package io.reelpipe.keyword;

import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** A StageContext over a map of "objects" (key → bytes) and a scratch directory. */
final class FakeStageContext implements StageContext<KeywordParameters> {
    final Map<String, byte[]> objects = new HashMap<>();
    final Map<String, byte[]> uploaded = new HashMap<>();
    final List<Double> progress = new ArrayList<>();
    private final StageTask task;
    private final KeywordParameters params;
    private final Path scratch;

    FakeStageContext(StageTask task, KeywordParameters params, Path scratch) {
        this.task = task;
        this.params = params;
        this.scratch = scratch;
    }

    @Override
    public StageTask task() {
        return task;
    }

    @Override
    public KeywordParameters parameters() {
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
        return false;
    }

    @Override
    public Mono<Path> download(ObjectRef object) {
        return Mono.fromCallable(() -> {
            byte[] data = objects.get(object.key());
            if (data == null) {
                throw new IllegalStateException("no object " + object.bucket() + "/" + object.key());
            }
            Path p = Files.createTempFile(scratch, "dl", ".bin");
            Files.write(p, data);
            return p;
        });
    }

    @Override
    public Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes) {
        return Mono.fromCallable(() -> {
            try {
                byte[] data = Files.readAllBytes(file);
                String key = tenant() + "/" + assetId() + "/" + stage() + "/" + name;
                uploaded.put(key, data);
                return new OutputFile(name, key, contentType, data.length, attributes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
