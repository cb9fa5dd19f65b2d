package io.reelpipe.pipeline.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Reelpipe app shares, at the lowest precedence so an app's own configuration or an environment
 * variable still wins. The Kafka client logs every rebalance and fetch-session step at INFO: one line per event
 * of ours would drown in them.
 */
public class ReelpipeDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("logging.level.org.apache.kafka", "WARN"),
            Map.entry("logging.level.reactor.kafka", "WARN"),
            Map.entry("logging.level.io.lettuce.core", "WARN"),
            Map.entry("logging.level.ffmpeg.native", "WARN"),
            // Actuator (apps that have it): probes, Prometheus, readiness on the shared infrastructure
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.group.readiness.include", "readinessState,kafka,s3,redis"),
            Map.entry("management.endpoint.health.group.readiness.show-details", "always"),
            // Tracing: every upload traced (the trace id travels in Kafka headers); nothing is exported unless an
            // app adds an exporter (e.g. OTLP) and its endpoint
            Map.entry("management.tracing.sampling.probability", "1.0"),
            // every line logged while a stage runs (FFmpeg commands and media code included) names its job and stage;
            // lines outside a stage stay as they were (the empty brackets are removed)
            Map.entry("logging.pattern.correlation", "%replace([%X{traceId:-},%X{spanId:-}] ){'\\[,\\] ', ''}"
                    + "%replace([jobId=%X{jobId:-} stage=%X{stage:-}] ){'\\[jobId= stage=\\] ', ''}"));

    /** How much longer than {@code reelpipe.runtime.shutdown-grace} Spring waits for a lifecycle phase to stop. */
    static final Duration SHUTDOWN_PHASE_MARGIN = Duration.ofSeconds(15);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>(DEFAULTS);
        // The runtimes stop in one lifecycle phase and wait up to shutdown-grace for in-flight stages: Spring's phase
        // timeout (30 s by default) must be longer, or the clients close under running stages.
        Duration grace = Binder.get(environment).bind("reelpipe.runtime.shutdown-grace", Duration.class)
                .orElse(Duration.ofSeconds(30));
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", grace.plus(SHUTDOWN_PHASE_MARGIN).toMillis() + "ms");
        environment.getPropertySources().addLast(new MapPropertySource("reelpipeDefaults", defaults));
    }
}
