package io.reelpipe.bench.runtime;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.runtime.ReelpipeAutoConfiguration;
import io.reelpipe.pipeline.runtime.StageRuntimeAutoConfiguration;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A worker app as production runs it: pipeline-dsl's auto-configuration (real MessageBus, ObjectStore, Redis status
 * store, one StageRuntime per Filter bean) on the dev stack, with the benchmark's filters as beans.
 */
final class WorkerRig implements AutoCloseable {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ReelpipeAutoConfiguration.class, StageRuntimeAutoConfiguration.class})
    static class App {
    }

    final ConfigurableApplicationContext context;
    final MessageBus bus;
    final ObjectStore store;
    final RuntimeStatusStore status;

    WorkerRig(DevStack stack, Map<String, String> runtimeProperties, List<Filter<?>> filters) {
        Map<String, Object> props = new LinkedHashMap<>();
        stack.springProperties().forEach((k, v) -> {
            if (k.startsWith("reelpipe.")) {
                props.put(k, v);
            }
        });
        // the apps on the class path bring application.y(a)ml files (ingest switches the runtime off): read none
        props.put("spring.config.name", "reelpipe-bench-worker");
        props.put("reelpipe.runtime.instance-id", "bench-" + ProcessHandle.current().pid());
        props.put("reelpipe.runtime.job-retention", "10m");
        props.put("reelpipe.runtime.shutdown-grace", "5s");
        props.putAll(runtimeProperties);
        this.context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(props)
                .initializers(ctx -> {
                    for (Filter<?> f : filters) {
                        register((GenericApplicationContext) ctx, f);
                    }
                })
                .run();
        this.bus = context.getBean(MessageBus.class);
        this.store = context.getBean(ObjectStore.class);
        this.status = context.getBean(RuntimeStatusStore.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(GenericApplicationContext ctx, Filter<?> f) {
        Class type = f.getClass();
        ctx.registerBean("filter-" + f.name(), type, () -> f);
    }

    /** A tiny source object (no-op filters never read it). */
    ObjectRef source(String tenant, String assetId) {
        return store.putBytes(ObjectKeys.source(tenant, assetId), "bench".getBytes(StandardCharsets.UTF_8), "video/mp4")
                .block(Duration.ofSeconds(30));
    }

    /** A filter name unique to this run, so topics and consumer groups start empty. */
    static String uniqueName(String base) {
        return "bench-" + base + "-" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        context.close();
    }
}
