package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * For worker apps (any app with {@link Filter} beans): a {@link FilterRegistry} and one {@link StageRuntime} per
 * filter, started with the context unless {@code reelpipe.runtime.enabled=false}.
 */
@AutoConfiguration(after = ReelpipeAutoConfiguration.class)
@ConditionalOnBean(Filter.class)
public class StageRuntimeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public FilterRegistry reelpipeFilterRegistry(ObjectProvider<Filter<?>> filters) {
        return new FilterRegistry(filters.orderedStream().toList());
    }

    /**
     * How stage runs join the upload's trace: spans through Micrometer Tracing when the app has a {@code Tracer} and a
     * {@code Propagator} (Boot's OpenTelemetry bridge), else W3C propagation only.
     */
    @Bean
    @ConditionalOnMissingBean
    public StageTracing reelpipeStageTracing(ObjectProvider<io.micrometer.tracing.Tracer> tracer,
                                             ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator) {
        io.micrometer.tracing.Tracer t = tracer.getIfAvailable();
        io.micrometer.tracing.propagation.Propagator p = propagator.getIfAvailable();
        return t != null && p != null && t != io.micrometer.tracing.Tracer.NOOP
                ? new MicrometerStageTracing(t, p) : StageTracing.w3c();
    }

    @Bean
    @ConditionalOnMissingBean
    public StageRuntimes reelpipeStageRuntimes(FilterRegistry registry, MessageBus bus, ObjectStore store,
                                               JobStatusStore status, RuntimeProperties props,
                                               ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters,
                                               StageTracing tracing) {
        if (!(status instanceof RuntimeStatusStore runtimeStatus)) {
            throw new IllegalStateException("the stage runtime needs a RuntimeStatusStore, got " + status.getClass().getName());
        }
        List<StageRuntime> runtimes = registry.all().stream()
                .map(f -> new StageRuntime(f, bus, store, runtimeStatus, props, meters.getIfUnique(() -> null), tracing))
                .toList();
        return new StageRuntimes(runtimes, store, props.enabled());
    }
}
