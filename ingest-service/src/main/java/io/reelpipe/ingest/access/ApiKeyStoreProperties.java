package io.reelpipe.ingest.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The durable API-key store ({@code reelpipe.api-keys.*}).
 *
 * @param cacheCheckInterval how often ingest checks that Redis still holds the key cache and refills it from
 *                           PostgreSQL when it does not (a flushed or replaced Redis); default 5 s
 */
@ConfigurationProperties("reelpipe.api-keys")
public record ApiKeyStoreProperties(Duration cacheCheckInterval) {

    public ApiKeyStoreProperties {
        cacheCheckInterval = cacheCheckInterval == null ? Duration.ofSeconds(5) : cacheCheckInterval;
    }
}
