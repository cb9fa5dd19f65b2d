package io.reelpipe.pipeline.filter;

import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The one interface a worker implements. The runtime in this module consumes the filter's topic, builds the
 * {@link StageContext}, runs the filter, uploads nothing on its behalf except {@code manifest.json}, and takes care
 * of retries, progress, events and successor dispatch.
 *
 * <p>Blocking media work must run on a bounded-elastic or dedicated scheduler, never on the calling thread.
 *
 * @param <P> the parameter type: a record bound from the stage's {@code with} block (unknown names are rejected)
 */
public interface Filter<P> {

    /** The filter's name: its topic is {@code reelpipe.stage.<name>}. */
    String name();

    /** The record {@code with} is bound to. */
    Class<P> parametersType();

    /**
     * Top-level parameter names, for validating pipelines without this code. Defaults to the record's components and
     * their {@code @JsonAlias} names.
     */
    default Set<String> parameterNames() {
        Class<P> type = parametersType();
        if (type != null && type.isRecord()) {
            return new java.util.LinkedHashSet<>(io.reelpipe.pipeline.model.ParameterTypes.of(type).keySet());
        }
        return Set.of();
    }

    /**
     * Parameter types ({@link io.reelpipe.pipeline.model.FilterDescriptor#types()}), so lint reports ill-typed values.
     * Defaults to what the record's component types allow.
     */
    default java.util.Map<String, String> parameterTypes() {
        return io.reelpipe.pipeline.model.ParameterTypes.of(parametersType());
    }

    /** Runs the stage. Errors: {@link PermanentStageException} fails at once, anything else is retried. */
    Mono<StageResult> run(StageContext<P> context);

    /**
     * Helps a stage running elsewhere with its {@link SharedWork}: {@code context.task().part()} is the offered part,
     * {@code context.work()} the handle to claim and complete parts through. Runs in a stage slot of this instance;
     * {@code context.cancelled()} turns true when the offering stage ended or the job was cancelled. Whatever happens
     * here, the offering stage stays responsible for its result: an error is logged, never retried, and leases still
     * held are released. Filters that never call {@link StageContext#share} need not implement it.
     */
    default Mono<Void> runPart(StageContext<P> context) {
        return Mono.error(new UnsupportedOperationException("filter " + name() + " runs no shared parts"));
    }
}
