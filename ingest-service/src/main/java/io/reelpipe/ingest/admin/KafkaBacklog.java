package io.reelpipe.ingest.admin;

import io.reelpipe.pipeline.config.KafkaProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The backlog of consumer groups on their topics, read with the Kafka AdminClient: per partition the log-end offset,
 * the group's committed offset (the earliest offset where it committed nothing: the runtimes start there) and the lag
 * between them; and the age of the oldest queued record, read with a short-lived consumer (assign, seek to the
 * committed offset, poll one record per lagging partition: its timestamp is when it was enqueued). Blocking: call it
 * on bounded-elastic.
 */
final class KafkaBacklog implements AutoCloseable {

    /** One partition of a group's topic. */
    record PartitionLag(String topic, int partition, long endOffset, long committedOffset, long lag) {
    }

    private final KafkaProperties props;
    private final Duration timeout;
    private volatile Admin admin;

    KafkaBacklog(KafkaProperties props, Duration timeout) {
        this.props = props;
        this.timeout = timeout;
    }

    /** Partition lags of {@code group} on those of {@code topics} that exist, by topic then partition. */
    List<PartitionLag> lag(String group, Collection<String> topics) throws Exception {
        Admin a = admin();
        List<TopicPartition> parts = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : a.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                TopicDescription d = e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                d.partitions().forEach(p -> parts.add(new TopicPartition(d.name(), p.partition())));
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw ex;
                }
            }
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(
                        Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(parts)))
                .partitionsToOffsetAndMetadata(group).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        parts.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                a.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                a.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<PartitionLag> out = new ArrayList<>();
        parts.stream()
                .sorted((x, y) -> x.topic().equals(y.topic()) ? Integer.compare(x.partition(), y.partition())
                        : x.topic().compareTo(y.topic()))
                .forEach(tp -> {
                    long end = ends.get(tp).offset();
                    long start = starts.get(tp).offset();
                    OffsetAndMetadata c = committed == null ? null : committed.get(tp);
                    long at = Math.max(start, c == null ? start : c.offset());
                    out.add(new PartitionLag(tp.topic(), tp.partition(), end, at, Math.max(0, end - at)));
                });
        return out;
    }

    /**
     * When the oldest queued record of the given lagging partitions was enqueued (record timestamps at the committed
     * offsets); partitions whose record did not arrive within {@code wait} are left out.
     */
    Map<TopicPartition, Instant> oldest(Collection<PartitionLag> lagging, Duration wait) {
        Map<TopicPartition, Instant> found = new LinkedHashMap<>();
        if (lagging.isEmpty()) {
            return found;
        }
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, props.clientIdPrefix() + "-admin-backlog");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.putAll(props.properties());
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            Map<TopicPartition, Long> at = new HashMap<>();
            lagging.forEach(l -> at.put(new TopicPartition(l.topic(), l.partition()), l.committedOffset()));
            consumer.assign(at.keySet());
            at.forEach(consumer::seek);
            Set<TopicPartition> missing = new HashSet<>(at.keySet());
            long deadline = System.nanoTime() + wait.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (missing.remove(tp)) {
                        found.put(tp, Instant.ofEpochMilli(r.timestamp()));
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
        return found;
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> m = new HashMap<>();
                    m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrapServers());
                    m.put(AdminClientConfig.CLIENT_ID_CONFIG, props.clientIdPrefix() + "-admin-pools");
                    m.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    m.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    m.putAll(props.properties());
                    admin = Admin.create(m);
                }
                a = admin;
            }
        }
        return a;
    }

    @Override
    public void close() {
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(5));
        }
    }
}
