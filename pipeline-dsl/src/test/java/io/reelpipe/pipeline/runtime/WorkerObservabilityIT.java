package io.reelpipe.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A worker booted as the worker apps are (auto-configuration, Actuator on a reactive server): readiness follows the
 * infrastructure, Prometheus shows the stage metrics after a task, and stage runs are traced through Micrometer
 * Tracing's OpenTelemetry bridge.
 */
@WithDevStack
class WorkerObservabilityIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final String FILTER = Harness.name("obs");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Worker {
        @Bean
        TestFilter obsFilter() {
            return new TestFilter(FILTER);
        }
    }

    static ConfigurableApplicationContext boot(DevStack stack, Map<String, String> overrides) {
        List<String> args = new ArrayList<>();
        stack.springProperties().forEach((k, v) -> {
            if (!overrides.containsKey(k)) {
                args.add("--" + k + "=" + v);
            }
        });
        args.add("--server.port=0");
        args.add("--spring.main.web-application-type=reactive");
        args.add("--reelpipe.security.enabled=false");
        args.add("--reelpipe.runtime.shutdown-grace=5s");
        args.add("--spring.application.name=obs-worker");
        overrides.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(Worker.class).run(args.toArray(String[]::new));
    }

    HttpResponse<String> get(ConfigurableApplicationContext ctx, String path) throws Exception {
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyOnTheDevStackWithStageMetricsInPrometheusAndTracedStages(DevStack stack) throws Exception {
        try (ConfigurableApplicationContext ctx = boot(stack, Map.of())) {
            HttpResponse<String> ready = get(ctx, "/actuator/health/readiness");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"kafka\"", "\"s3\"", "\"redis\"");
            assertThat(get(ctx, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(ctx.getBean(StageTracing.class)).isInstanceOf(MicrometerStageTracing.class);
            // Spring waits longer for the runtimes to stop than they wait for in-flight stages
            assertThat(ctx.getEnvironment().getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("20000ms");

            String job = "job-" + UUID.randomUUID();
            ObjectRef src = ctx.getBean(ObjectStore.class).putBytes(ObjectKeys.source("acme", "asset-obs"),
                    "bytes".getBytes(StandardCharsets.UTF_8), "video/mp4").block(WAIT);
            JobStatusStore status = ctx.getBean(JobStatusStore.class);
            JobLauncher.launch(ctx.getBean(MessageBus.class), status, job, "asset-obs", "acme",
                    Pipeline.named("obs").stage("s", FILTER).build(), src, Map.of(), Map.of(), null).block(WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (status.snapshot(job).block(WAIT).map(s -> s.state() != JobState.COMPLETED).orElse(true)) {
                assertThat(System.nanoTime()).as("job completes").isLessThan(deadline);
                Thread.sleep(50);
            }
            HttpResponse<String> prom = get(ctx, "/actuator/prometheus");
            assertThat(prom.statusCode()).isEqualTo(200);
            assertThat(prom.body())
                    .contains("reelpipe_stage_duration_seconds_bucket{filter=\"" + FILTER + "\"")
                    .contains("reelpipe_stage_duration_seconds_count{filter=\"" + FILTER + "\",outcome=\"completed\"} 1")
                    .contains("reelpipe_stage_tasks_total{filter=\"" + FILTER + "\",outcome=\"completed\"} 1.0")
                    .contains("reelpipe_stage_bytes_total{direction=\"out\",filter=\"" + FILTER + "\"}")
                    .contains("reelpipe_pool_concurrency{filter=\"" + FILTER + "\"} 2.0");
        }
    }

    @Test
    void notReadyWhileRedisIsUnreachable(DevStack stack) throws Exception {
        URI redis = URI.create(stack.redisUri());
        try (Relay relay = new Relay(redis.getHost(), redis.getPort());
             ConfigurableApplicationContext ctx = boot(stack, Map.of(
                     "reelpipe.redis.uri", "redis://127.0.0.1:" + relay.port(),
                     "reelpipe.redis.timeout", "2s",
                     "reelpipe.runtime.enabled", "false"))) {
            assertThat(get(ctx, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            relay.close();
            HttpResponse<String> down = get(ctx, "/actuator/health/readiness");
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.body()).containsPattern("\"redis\":\\{[^}]*\"error\"[^}]*\\},\"status\":\"DOWN\"")
                    .contains("\"kafka\":{\"status\":\"UP\"}");
            assertThat(get(ctx, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    /** A TCP relay to a server, closed to make the server unreachable to the clients connected through it. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Relay(String host, int port) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(host, port);
                        sockets.add(in);
                        sockets.add(out);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "relay-accept");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                    i.transferTo(o);
                } catch (IOException ignored) {
                    // closed
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
