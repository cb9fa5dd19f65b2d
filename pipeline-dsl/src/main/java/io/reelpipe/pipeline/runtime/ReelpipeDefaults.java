package io.reelpipe.pipeline.runtime;

import java.util.Map;
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

    static final Map<String, Object> DEFAULTS = Map.of(
            "logging.level.org.apache.kafka", "WARN",
            "logging.level.reactor.kafka", "WARN",
            "logging.level.io.lettuce.core", "WARN",
            "logging.level.ffmpeg.native", "WARN");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("reelpipeDefaults", DEFAULTS));
    }
}
