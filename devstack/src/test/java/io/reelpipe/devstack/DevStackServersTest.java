package io.reelpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.http.Method;
import io.reelpipe.devstack.junit.WithDevStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Every server of the shared stack, checked for real with its real client. */
@WithDevStack
class DevStackServersTest {

    @Test
    void springPropertiesNameEveryServer(DevStack stack) {
        assertEquals(Set.of("reelpipe.kafka.bootstrap-servers", "reelpipe.redis.uri", "reelpipe.s3.endpoint",
                "reelpipe.s3.access-key", "reelpipe.s3.secret-key", "reelpipe.s3.bucket", "reelpipe.s3.region",
                "spring.r2dbc.url", "spring.r2dbc.username", "spring.r2dbc.password", "spring.flyway.url",
                "spring.flyway.user", "spring.flyway.password"), stack.springProperties().keySet());
        assertEquals(stack.kafkaBootstrapServers(), stack.environmentVariables().get("REELPIPE_KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals(stack.postgresR2dbcUrl(), stack.environmentVariables().get("SPRING_R2DBC_URL"));
        assertTrue(stack.postgresR2dbcUrl().startsWith("r2dbc:postgresql://127.0.0.1:"));
        assertTrue(stack.redisUri().startsWith("redis://127.0.0.1:"));
        assertTrue(stack.s3Endpoint().startsWith("http://127.0.0.1:"));
    }

    @Test
    void kafkaCreatesTopicsAndMovesRecords(DevStack stack) throws Exception {
        Properties common = new Properties();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        String topic = "devstack-check-" + UUID.randomUUID();
        String autoTopic = "devstack-auto-" + UUID.randomUUID();
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();

            Properties pp = new Properties();
            pp.putAll(common);
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                producer.send(new ProducerRecord<>(topic, "key", "hello devstack")).get();
                producer.send(new ProducerRecord<>(autoTopic, "key", "auto-created")).get();
            }
            TopicDescription auto = admin.describeTopics(List.of(autoTopic)).allTopicNames().get().get(autoTopic);
            assertEquals(12, auto.partitions().size(), "auto-created topics get num.partitions=12");
        }

        Properties cp = new Properties();
        cp.putAll(common);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String value = null;
            while (value == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    value = r.value();
                }
            }
            assertEquals("hello devstack", value);
            consumer.commitSync();
        }
    }

    @Test
    void postgresAnswersOnTheReelpipeDatabase(DevStack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.postgresJdbcUrl(), stack.postgresUser(),
                stack.postgresPassword());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1, current_database(), current_user")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertEquals("reelpipe", rs.getString(2));
                assertEquals("reelpipe", rs.getString(3));
            }
            st.execute("create table if not exists devstack_check (id int primary key)");
            st.execute("drop table devstack_check");
        }
    }

    @Test
    void redisAnswersPing(DevStack stack) throws Exception {
        URI uri = URI.create(stack.redisUri());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[64];
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            while (!got.toString().contains("+OK\r\n")) {
                int n = in.read(buf);
                assertTrue(n > 0, "redis closed the connection; got " + got);
                got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertEquals("+PONG\r\n+OK\r\n", got.toString());
        }
    }

    @Test
    void s3WorksWithMinio(DevStack stack) throws Exception {
        MinioClient minio = MinioClient.builder()
                .endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region(stack.s3Region())
                .build();
        String bucket = stack.s3Bucket();
        assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()), "bucket is ready");

        byte[] small = "hello s3".getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object("check/small.txt")
                .stream(new ByteArrayInputStream(small), small.length, -1).contentType("text/plain").build());

        // unknown size: multipart with 5 MiB parts
        byte[] big = new byte[12 * 1024 * 1024];
        new Random(42).nextBytes(big);
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object("check/big.bin")
                .stream(new ByteArrayInputStream(big), -1, 5L * 1024 * 1024)
                .contentType("application/octet-stream").build());

        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object("check/big.bin")
                .build());
        assertEquals(big.length, stat.size());

        long offset = 6L * 1024 * 1024 - 10;
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object("check/big.bin")
                .offset(offset).length(100L).build())) {
            assertArrayEquals(Arrays.copyOfRange(big, (int) offset, (int) offset + 100), in.readAllBytes());
        }

        String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(bucket).object("check/small.txt").expiry(600).build());
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(small, response.body());
    }

    @Test
    void brokerJarsMatchTheClientVersion() throws Exception {
        // devstack/kafka-server has no parent: its kafka.version must follow the root pom's
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("io/reelpipe/devstack/server/kafka.classpath")) {
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String version = org.apache.kafka.common.utils.AppInfoParser.getVersion();
            assertTrue(classpath.contains("/kafka_2.13-" + version + ".jar"), "broker " + version + " expected");
        }
    }

    @Test
    void externalServersComeFromTheEnvironment() {
        Map<String, String> env = Map.of(
                "REELPIPE_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "REELPIPE_POSTGRES_URL", "postgresql://app:s3cret@db.example:5433/media?sslmode=require",
                "REELPIPE_REDIS_URI", "redis://cache.example:6379",
                "REELPIPE_S3_ENDPOINT", "https://minio.example/",
                "REELPIPE_S3_ACCESS_KEY", "AK",
                "REELPIPE_S3_SECRET_KEY", "SK",
                "REELPIPE_S3_BUCKET", "media");
        try (DevStack external = DevStack.start(DevStackOptions.builder().environment(env).build())) {
            assertTrue(external.processIds().isEmpty(), "nothing started");
            assertEquals("kafka-1:9092,kafka-2:9092", external.kafkaBootstrapServers());
            assertEquals("jdbc:postgresql://db.example:5433/media?sslmode=require", external.postgresJdbcUrl());
            assertEquals("r2dbc:postgresql://db.example:5433/media?sslmode=require", external.postgresR2dbcUrl());
            assertEquals("app", external.postgresUser());
            assertEquals("s3cret", external.postgresPassword());
            assertEquals("redis://cache.example:6379", external.redisUri());
            assertEquals("https://minio.example", external.s3Endpoint());
            assertEquals("AK", external.s3AccessKey());
            assertEquals("SK", external.s3SecretKey());
            assertEquals("media", external.s3Bucket());
            assertEquals(13, external.springProperties().size());
        }
    }
}
