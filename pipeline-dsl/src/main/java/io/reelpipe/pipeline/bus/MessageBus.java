package io.reelpipe.pipeline.bus;

import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one seam between Reelpipe and its Kafka client (reactor-kafka today). Only the stage runtime and the
 * outbox relay use it, so the client can be replaced without touching a worker.
 */
public interface MessageBus extends AutoCloseable {

    /** Sends one record and completes when the broker acknowledged it. */
    Mono<Void> send(String topic, String key, byte[] value, Map<String, String> headers);

    /** Sends one prepared record (e.g. from an outbox row). */
    default Mono<Void> send(OutboundMessage message) {
        return send(message.topic(), message.key(), message.value(), message.headers());
    }

    /**
     * Consumes {@code topic} in consumer group {@code group}. Each record's offset is committed only after
     * {@link ReceivedMessage#ack()} was called for it and for every earlier record of its partition.
     */
    Flux<ReceivedMessage> receive(String topic, String group);

    /** Consumes several topics in one consumer group (one consumer where the client allows it). */
    default Flux<ReceivedMessage> receive(java.util.Collection<String> topics, String group) {
        return Flux.merge(topics.stream().map(t -> receive(t, group)).toList());
    }

    /** Creates topics that do not exist yet (partitions as given, replication as the cluster allows). */
    Mono<Void> ensureTopics(Map<String, Integer> topicPartitions);

    /**
     * How many consumers of {@code group} hold partitions while the group is stable; 0 while it rebalances or does not
     * exist yet.
     */
    default Mono<Integer> assignedConsumers(String group) {
        return Mono.error(new UnsupportedOperationException("this bus cannot describe consumer groups"));
    }

    /**
     * Completes once at least {@code members} consumers of {@code group} hold partitions (a pool that just scaled
     * out has rebalanced); fails after {@code timeout}.
     */
    default Mono<Void> awaitConsumers(String group, int members, java.time.Duration timeout) {
        return Flux.interval(java.time.Duration.ZERO, java.time.Duration.ofMillis(100))
                .onBackpressureDrop() // a describe may take longer than a tick
                .concatMap(i -> assignedConsumers(group).onErrorResume(e -> Mono.just(0)))
                .filter(n -> n >= members)
                .next()
                .timeout(timeout, Mono.error(() -> new IllegalStateException(
                        "consumer group " + group + " did not reach " + members + " assigned consumers within " + timeout)))
                .then();
    }

    /** Completes when the cluster answered within {@code timeout}, fails otherwise (readiness checks). */
    default Mono<Void> checkConnection(java.time.Duration timeout) {
        return Mono.empty();
    }

    @Override
    void close();
}
