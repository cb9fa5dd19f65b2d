package io.reelpipe.bench.runtime;

import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** A filter that does nothing but tell the benchmark it ran (no outputs; the runtime still writes the manifest). */
final class NoopFilter implements Filter<NoopFilter.Params> {

    /** Accepts an optional label so pipelines may carry a {@code with} block. */
    record Params(String label) {
    }

    private static final StageResult EMPTY = new StageResult(List.of(), Map.of());

    private final String name;
    private final Consumer<StageContext<Params>> onInvoke;
    private final Consumer<StageContext<Params>> onDone;

    NoopFilter(String name, Consumer<StageContext<Params>> onInvoke, Consumer<StageContext<Params>> onDone) {
        this.name = name;
        this.onInvoke = onInvoke;
        this.onDone = onDone;
    }

    NoopFilter(String name) {
        this(name, c -> { }, c -> { });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Mono<StageResult> run(StageContext<Params> ctx) {
        onInvoke.accept(ctx);
        return Mono.fromSupplier(() -> {
            onDone.accept(ctx);
            return EMPTY;
        });
    }
}
