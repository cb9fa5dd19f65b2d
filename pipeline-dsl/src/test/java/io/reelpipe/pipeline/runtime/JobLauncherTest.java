package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.wire.Headers;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import io.reelpipe.pipeline.config.RuntimeProperties;

class JobLauncherTest {

    static final Pipeline P = Pipeline.named("fan")
            .stage("a", "alpha").stage("x", "xray").stage("b", "beta", "a").stage("d", "delta", "b", "x").build();

    @Test
    void rootTasksAreTheStagesWithoutNeeds() {
        ObjectRef src = new ObjectRef("reelpipe", "t/a1/source/original", 10, "video/mp4", null);
        List<StageTask> tasks = JobLauncher.rootTasks("j1", "a1", "t", P, src, Map.of("duration", 3.0), Map.of(), "tp");
        assertThat(tasks).extracting(StageTask::stage).containsExactly("a", "x");
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(t.upstream()).isEmpty();
            assertThat(t.source()).isEqualTo(src);
            assertThat(t.schemaVersion()).isEqualTo(StageTask.SCHEMA_VERSION);
        });
        List<OutboundMessage> msgs = JobLauncher.rootMessages("j1", "a1", "t", P, src, Map.of(), Map.of(), "tp");
        assertThat(msgs).extracting(OutboundMessage::topic).containsExactly("reelpipe.stage.alpha", "reelpipe.stage.xray");
        assertThat(msgs).allSatisfy(m -> {
            assertThat(m.key()).isEqualTo("j1");
            assertThat(m.headers()).containsEntry(Headers.TRACEPARENT, "tp");
        });
        assertThat(WireFormat.readTask(msgs.getFirst().value()).stage()).isEqualTo("a");
    }

    record NoParams() {
    }

    static Filter<NoParams> filter(String name) {
        return new Filter<>() {
            public String name() {
                return name;
            }

            public Class<NoParams> parametersType() {
                return NoParams.class;
            }

            public Mono<StageResult> run(StageContext<NoParams> context) {
                return Mono.just(StageResult.of(List.of()));
            }
        };
    }

    @Test
    void registryRejectsDuplicateNames() {
        assertThatThrownBy(() -> new FilterRegistry(List.of(filter("a"), filter("a"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two filters are named 'a'");
        FilterRegistry r = new FilterRegistry(List.of(filter("a"), filter("b")));
        assertThat(r.descriptors()).extracting(d -> d.name()).containsExactly("a", "b");
    }

    @Test
    void groupAndTopicNames() {
        assertThat(StageRuntime.group("thumbnail")).isEqualTo("reelpipe.thumbnail");
        assertThat(StageRuntime.topics("thumbnail")).containsEntry("reelpipe.stage.thumbnail", 12)
                .containsKeys("reelpipe.events", "reelpipe.dlq");
    }

    @Test
    void runtimeDefaults() {
        RuntimeProperties d = RuntimeProperties.defaults();
        assertThat(d.concurrency()).isEqualTo(2);
        assertThat(d.maxAttempts()).isEqualTo(3);
        assertThat(d.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.stageTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(d.jobRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(d.instanceId()).contains("-" + ProcessHandle.current().pid());
    }
}
