package io.reelpipe.pipeline.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka connection and consumer tuning ({@code reelpipe.kafka.*}).
 *
 * @param bootstrapServers   Kafka bootstrap servers; default {@code localhost:9092}
 * @param clientIdPrefix     prefix of every producer/consumer/admin client id; default {@code reelpipe}
 * @param commitInterval     how often acknowledged offsets are committed; default {@code 1s}
 * @param maxDeferredCommits out-of-order acknowledgements kept waiting for an earlier record of their partition before
 *                           the consumer pauses; default {@code 256}
 * @param maxPollRecords     records fetched per poll; small, so an instance does not hoard work its pool could share;
 *                           default {@code 8}
 * @param properties         extra Kafka client properties (security, SASL…), applied to producers, consumers and admin
 */
@ConfigurationProperties("reelpipe.kafka")
public record KafkaProperties(String bootstrapServers, String clientIdPrefix, Duration commitInterval,
                              Integer maxDeferredCommits, Integer maxPollRecords, Map<String, String> properties) {

    public KafkaProperties {
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? "localhost:9092" : bootstrapServers;
        clientIdPrefix = clientIdPrefix == null || clientIdPrefix.isBlank() ? "reelpipe" : clientIdPrefix;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        maxDeferredCommits = maxDeferredCommits == null ? 256 : maxDeferredCommits;
        maxPollRecords = maxPollRecords == null ? 8 : maxPollRecords;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Every default, pointing at {@code bootstrapServers}. */
    public static KafkaProperties of(String bootstrapServers) {
        return new KafkaProperties(bootstrapServers, null, null, null, null, null);
    }
}
