package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** An in-test filter: counts runs per job, records contexts, and by default writes one small output file. */
final class TestFilter implements Filter<TestFilter.Params> {

    /** Parameters every test filter accepts. */
    record Params(String label, Integer delayMs) {
    }

    final String name;
    final Function<StageContext<Params>, Mono<StageResult>> behaviour;
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final List<StageContext<Params>> contexts = new CopyOnWriteArrayList<>();

    TestFilter(String name, Function<StageContext<Params>, Mono<StageResult>> behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    TestFilter(String name) {
        this(name, TestFilter::writeOutput);
    }

    int runs(String jobId) {
        AtomicInteger n = runs.get(jobId);
        return n == null ? 0 : n.get();
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
        runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
        contexts.add(ctx);
        return behaviour.apply(ctx);
    }

    /** Reports progress, writes {@code out.txt} in scratch and uploads it. */
    static Mono<StageResult> writeOutput(StageContext<Params> ctx) {
        return Mono.fromCallable(() -> {
                    ctx.progress(0.25);
                    int delay = ctx.parameters() == null || ctx.parameters().delayMs() == null ? 0 : ctx.parameters().delayMs();
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    ctx.progress(0.75);
                    Path f = ctx.scratch().resolve("out.txt");
                    Files.writeString(f, ctx.stage() + " of " + ctx.jobId() + " upstream=" + ctx.task().upstream().keySet());
                    return f;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(f -> ctx.upload("out.txt", f, "text/plain", Map.of("stage", ctx.stage())))
                .map(out -> new StageResult(List.of(out), Map.of("upstream", List.copyOf(ctx.task().upstream().keySet()))));
    }
}
