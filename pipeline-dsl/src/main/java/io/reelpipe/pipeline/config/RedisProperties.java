package io.reelpipe.pipeline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redis connection ({@code reelpipe.redis.*}).
 *
 * @param uri     Lettuce URI; default {@code redis://localhost:6379}
 * @param timeout command timeout; default {@code 10s}
 */
@ConfigurationProperties("reelpipe.redis")
public record RedisProperties(String uri, Duration timeout) {

    public RedisProperties {
        uri = uri == null || uri.isBlank() ? "redis://localhost:6379" : uri;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    public static RedisProperties of(String uri) {
        return new RedisProperties(uri, null);
    }
}
