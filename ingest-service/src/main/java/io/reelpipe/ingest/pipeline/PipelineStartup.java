package io.reelpipe.ingest.pipeline;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Before the server takes requests: registers the shipped pipelines (after Flyway migrated) and makes sure the
 * topics their filters and the lifecycle events use exist, and the bucket uploads go to.
 */
@Component
public class PipelineStartup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PipelineStartup.class);

    private final PipelineRegistry registry;
    private final MessageBus bus;
    private final ObjectStore objects;

    public PipelineStartup(PipelineRegistry registry, MessageBus bus, ObjectStore objects) {
        this.registry = registry;
        this.bus = bus;
        this.objects = objects;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Pipeline> pipelines = registry.registerShipped().block(Duration.ofSeconds(60));
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(Topics.EVENTS, Topics.TASK_PARTITIONS);
        for (Pipeline p : pipelines == null ? List.<Pipeline>of() : pipelines) {
            for (StageDefinition s : p.stages()) {
                topics.put(Topics.stage(s.filter()), Topics.TASK_PARTITIONS);
            }
        }
        try {
            objects.ensureBucket().block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("could not ensure bucket {}: {}", objects.bucket(), e.toString());
        }
        try {
            bus.ensureTopics(topics).block(Duration.ofSeconds(30));
            log.info("topics ready {}", topics.keySet());
        } catch (RuntimeException e) {
            // The relay and the consumer retry on their own; a broker that is late must not keep ingest down.
            log.warn("could not ensure topics {}: {}", topics.keySet(), e.toString());
        }
    }
}
