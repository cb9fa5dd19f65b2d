package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.ReceivedMessage;
import io.reelpipe.pipeline.config.KafkaProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * {@link MessageBus} over reactor-kafka. The producer is idempotent with {@code acks=all}; each {@link #receive}
 * subscription is its own consumer with manual acknowledgement and deferred (out-of-order) commits, so a commit
 * only ever covers a contiguous acknowledged prefix of a partition.
 */
public final class ReactorKafkaBus implements MessageBus {

    private static final Logger log = LoggerFactory.getLogger(ReactorKafkaBus.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final KafkaProperties props;
    private final KafkaSender<String, byte[]> sender;
    private volatile Admin admin;

    public ReactorKafkaBus(KafkaProperties props) {
        this.props = props;
        Map<String, Object> p = common("producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // control-plane records are small and latency-bound; batches still form while a request is in flight
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.putAll(props.properties());
        this.sender = KafkaSender.create(SenderOptions.<String, byte[]>create(p).stopOnError(false));
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> m = new HashMap<>();
        m.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrapServers());
        m.put(ConsumerConfig.CLIENT_ID_CONFIG, props.clientIdPrefix() + "-" + role + "-" + CLIENTS.incrementAndGet());
        return m;
    }

    @Override
    public Mono<Void> send(String topic, String key, byte[] value, Map<String, String> headers) {
        List<Header> h = new ArrayList<>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (v != null) {
                    h.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8)));
                }
            });
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, value, h);
        // subscribeOn: producer.send() may block on metadata for a new topic; never on the caller's (event loop) thread
        return sender.send(Mono.just(SenderRecord.create(record, key)))
                .subscribeOn(Schedulers.boundedElastic())
                .next()
                .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
    }

    @Override
    public Flux<ReceivedMessage> receive(String topic, String group) {
        return receive(List.of(topic), group);
    }

    @Override
    public Flux<ReceivedMessage> receive(java.util.Collection<String> topics, String group) {
        String topic = String.join(",", topics);
        return Flux.defer(() -> {
            Map<String, Object> c = common("consumer-" + group);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, props.maxPollRecords());
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            c.putAll(props.properties());
            ReceiverOptions<String, byte[]> options = ReceiverOptions.<String, byte[]>create(c)
                    .subscription(List.copyOf(topics))
                    .commitInterval(props.commitInterval())
                    .commitBatchSize(0)
                    .maxDeferredCommits(props.maxDeferredCommits())
                    .addAssignListener(parts -> log.info("event=partitions_assigned topic={} group={} partitions={}",
                            topic, group, parts.size()))
                    .addRevokeListener(parts -> log.info("event=partitions_revoked topic={} group={} partitions={}",
                            topic, group, parts.size()));
            return KafkaReceiver.create(options).receive().map(Received::new);
        });
    }

    @Override
    public Mono<Void> ensureTopics(Map<String, Integer> topicPartitions) {
        if (topicPartitions.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> {
            Admin a = admin();
            List<NewTopic> topics = new ArrayList<>();
            topicPartitions.forEach((t, n) -> topics.add(new NewTopic(t, Optional.of(n), Optional.empty())));
            Map<String, KafkaFuture<Void>> created = a.createTopics(topics).values();
            for (var e : created.entrySet()) {
                try {
                    e.getValue().get();
                    log.info("event=topic_created topic={} partitions={}", e.getKey(), topicPartitions.get(e.getKey()));
                } catch (java.util.concurrent.ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            // Existing topics with fewer partitions than asked for grow (never shrink).
            Map<String, TopicDescription> described = describe(a, topicPartitions.keySet());
            Map<String, NewPartitions> grow = new LinkedHashMap<>();
            described.forEach((t, d) -> {
                int want = topicPartitions.get(t);
                if (d.partitions().size() < want) {
                    grow.put(t, NewPartitions.increaseTo(want));
                }
            });
            if (!grow.isEmpty()) {
                a.createPartitions(grow).all().get();
                log.info("event=topic_partitions_increased topics={}", grow.keySet());
            }
            return true;
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    @Override
    public Mono<Void> checkConnection(java.time.Duration timeout) {
        return Mono.fromCallable(() -> admin().describeCluster(new org.apache.kafka.clients.admin.DescribeClusterOptions()
                        .timeoutMs((int) timeout.toMillis())).clusterId().get(timeout.toMillis() + 500,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout.plusSeconds(1))
                .then();
    }

    /** Describes topics, waiting out the moment after creation when the broker does not serve them yet. */
    private static Map<String, TopicDescription> describe(Admin a, java.util.Collection<String> topics) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return a.describeTopics(topics).allTopicNames().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) || i >= 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public Mono<Integer> assignedConsumers(String group) {
        return Mono.fromCallable(() -> {
            try {
                var d = admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                if (d.groupState() != org.apache.kafka.common.GroupState.STABLE) {
                    return 0;
                }
                return (int) d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                    return 0; // the group appears with its first member
                }
                throw e;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> m = common("admin");
                    m.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
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
        sender.close();
        Admin a = admin;
        if (a != null) {
            a.close(java.time.Duration.ofSeconds(5));
        }
    }

    private static final class Received implements ReceivedMessage {
        private final ReceiverRecord<String, byte[]> record;
        private final Map<String, String> headers;

        Received(ReceiverRecord<String, byte[]> record) {
            this.record = record;
            Map<String, String> h = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                h.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
            this.headers = Collections.unmodifiableMap(h);
        }

        public String topic() {
            return record.topic();
        }

        public int partition() {
            return record.partition();
        }

        public long offset() {
            return record.offset();
        }

        public String key() {
            return record.key();
        }

        public byte[] value() {
            return record.value();
        }

        public Map<String, String> headers() {
            return headers;
        }

        public void ack() {
            record.receiverOffset().acknowledge();
        }
    }
}
