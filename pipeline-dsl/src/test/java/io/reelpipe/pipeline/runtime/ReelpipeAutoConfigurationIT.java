package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration as a worker app gets it, against the dev stack. */
@WithDevStack
class ReelpipeAutoConfigurationIT {

    static final Duration WAIT = Duration.ofSeconds(45);

    static final String FILTER = Harness.name("boot");

    @Configuration(proxyBeanMethods = false)
    static class OneFilter {
        @Bean
        TestFilter bootFilter() {
            return new TestFilter(FILTER);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoFiltersOneName {
        @Bean
        Filter<?> first() {
            return new TestFilter("same-name");
        }

        @Bean
        Filter<?> second() {
            return new TestFilter("same-name");
        }
    }

    ApplicationContextRunner runner(DevStack stack) {
        List<String> props = new ArrayList<>();
        stack.springProperties().forEach((k, v) -> props.add(k + "=" + v));
        props.add("reelpipe.runtime.backoff-initial=100ms");
        props.add("reelpipe.runtime.shutdown-grace=5s");
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReelpipeAutoConfiguration.class, StageRuntimeAutoConfiguration.class))
                .withPropertyValues(props.toArray(String[]::new));
    }

    @Test
    void clientsWithoutFiltersAndNoRuntime(DevStack stack) {
        runner(stack).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).hasSingleBean(MessageBus.class).hasSingleBean(ObjectStore.class)
                    .hasSingleBean(JobStatusStore.class).hasSingleBean(RuntimeStatusStore.class);
            assertThat(ctx).doesNotHaveBean(StageRuntimes.class).doesNotHaveBean(FilterRegistry.class);
            assertThat(ctx.getBean(ObjectStore.class).bucket()).isEqualTo(stack.s3Bucket());
        });
    }

    @Test
    void workerAppRunsItsFilterAndRegistersIt(DevStack stack) {
        runner(stack).withUserConfiguration(OneFilter.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(FilterRegistry.class).descriptors()).extracting(d -> d.name()).containsExactly(FILTER);
            StageRuntimes runtimes = ctx.getBean(StageRuntimes.class);
            assertThat(runtimes.runtimes()).hasSize(1);
            assertThat(runtimes.runtimes().getFirst().isRunning()).isTrue();

            MessageBus bus = ctx.getBean(MessageBus.class);
            RuntimeStatusStore status = ctx.getBean(RuntimeStatusStore.class);
            ObjectStore store = ctx.getBean(ObjectStore.class);
            String job = "job-" + UUID.randomUUID();
            ObjectRef src = store.putBytes(ObjectKeys.source("acme", "boot-asset"), "x".getBytes(StandardCharsets.UTF_8),
                    "video/mp4").block(WAIT);
            Pipeline p = Pipeline.named("boot").stage("only", FILTER).build();
            JobLauncher.launch(bus, status, job, "boot-asset", "acme", p, src, Map.of(), Map.of(), null).block(WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            Optional<JobSnapshot> s = Optional.empty();
            while (System.nanoTime() < deadline) {
                s = status.snapshot(job).block(WAIT);
                if (s.isPresent() && s.get().state().terminal()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(s).get().extracting(JobSnapshot::state).isEqualTo(JobState.COMPLETED);
            assertThat(status.filters().block(WAIT)).anySatisfy(d -> assertThat(d.name()).isEqualTo(FILTER));
            @SuppressWarnings("unchecked")
            StatefulRedisConnection<String, String> redis = ctx.getBean("reelpipeRedisConnection", StatefulRedisConnection.class);
            assertThat(redis.sync().exists(RedisKeys.worker(FILTER, ctx.getBean(io.reelpipe.pipeline.config.RuntimeProperties.class)
                    .instanceId()))).isEqualTo(1L);
        });
    }

    @Test
    void duplicateFilterNamesFailTheStartup(DevStack stack) {
        runner(stack).withUserConfiguration(TwoFiltersOneName.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("two filters are named 'same-name'");
        });
    }

    @Test
    void consumersCanBeSwitchedOff(DevStack stack) {
        runner(stack).withUserConfiguration(OneFilter.class).withPropertyValues("reelpipe.runtime.enabled=false")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(StageRuntimes.class).runtimes()).allSatisfy(r -> assertThat(r.isRunning()).isFalse());
                });
    }
}
