package io.reelpipe.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Apache Kafka in KRaft mode (combined broker + controller, one node) in its own JVM. */
public final class KafkaServer implements AutoCloseable {

    private final JavaChild child;
    private final int port;

    private KafkaServer(JavaChild child, int port) {
        this.child = child;
        this.port = port;
    }

    public static KafkaServer start(Path dataDir, Path confDir, int port, int controllerPort, int partitions,
                                    ProcessRegistry registry, boolean watchdog, Duration timeout) {
        try {
            Path logDir = dataDir.resolve("kafka");
            Files.createDirectories(logDir);
            Files.createDirectories(confDir);
            Path props = confDir.resolve("kafka-server.properties");
            Files.writeString(props, serverProperties(logDir, port, controllerPort, partitions));
            Path log4j = confDir.resolve("kafka-log4j2.properties");
            Files.writeString(log4j, LOG4J2);

            List<String> jvm = new ArrayList<>(JvmArgs.common());
            jvm.add("-Xms64m");
            jvm.add("-Xmx512m");
            jvm.add("-Dlog4j2.configurationFile=" + log4j.toUri());
            jvm.add("-Dkafka.logs.dir=" + confDir.resolve("logs"));

            List<String> args = new ArrayList<>();
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                List<String> format = List.of("format", "--ignore-formatted", "-t", clusterId(), "-c", props.toString());
                args.addAll(List.of("--call", "kafka.tools.StorageTool", "execute", Integer.toString(format.size())));
                args.addAll(format);
            }
            args.add("kafka.Kafka");
            args.add(props.toString());
            JavaChild child = JavaChild.launch("kafka", JavaChild.recordedClasspath("kafka"), jvm, args, dataDir,
                    line -> line.contains("Kafka Server started"), registry, watchdog);
            KafkaServer server = new KafkaServer(child, port);
            try {
                child.awaitReadyLine(timeout);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public ProcessHandle handle() {
        return child.handle();
    }

    @Override
    public void close() {
        child.stop(Duration.ofSeconds(20));
    }

    private static String clusterId() {
        byte[] b = new byte[16];
        SecureRandom r = new SecureRandom();
        String id;
        do {
            r.nextBytes(b);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } while (!Character.isLetterOrDigit(id.charAt(0)));
        return id;
    }

    private static String serverProperties(Path logDir, int port, int controllerPort, int partitions) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=%4$d
                auto.create.topics.enable=true
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=12
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=12
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.network.threads=2
                num.io.threads=4
                num.recovery.threads.per.data.dir=1
                log.retention.hours=168
                """.formatted(port, controllerPort, logDir.toString(), partitions);
    }

    /** Quiet: warnings only, plus the one line that says the broker is up. */
    private static final String LOG4J2 = """
            status = warn
            appender.out.type = Console
            appender.out.name = OUT
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = %p %c{1} - %m%n
            rootLogger.level = warn
            rootLogger.appenderRef.out.ref = OUT
            logger.started.name = kafka.server.KafkaRaftServer
            logger.started.level = info
            logger.state.name = state.change.logger
            logger.state.level = error
            logger.activation.name = org.apache.kafka.controller.QuorumController
            logger.activation.level = error
            """;
}
