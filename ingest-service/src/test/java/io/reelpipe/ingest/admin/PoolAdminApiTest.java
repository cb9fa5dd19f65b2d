package io.reelpipe.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.ingest.IngestTestBase;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.runtime.StageRuntime;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/pools} against a pool of one in-test worker on the dev stack: paused with N tasks queued the lag is
 * N and nothing runs; resumed, the lag drains to 0 and throughput shows; concurrency set through the API reaches the
 * running instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolAdminApiTest extends IngestTestBase {

    @Autowired
    MessageBus bus;
    @Autowired
    ObjectStore objects;
    @Autowired
    JobStatusStore status;
    @LocalServerPort
    int port;

    final String filter = "admin-" + UUID.randomUUID().toString().substring(0, 8);
    StageRuntime runtime;
    WebTestClient http;

    record Params(String label) {
    }

    final class Quick implements Filter<Params> {
        public String name() {
            return filter;
        }

        public Class<Params> parametersType() {
            return Params.class;
        }

        public Mono<StageResult> run(StageContext<Params> ctx) {
            return Mono.fromCallable(() -> Files.writeString(ctx.scratch().resolve("o.txt"), "x"))
                    .flatMap(f -> ctx.upload("o.txt", f, "text/plain", Map.of()))
                    .map(o -> StageResult.of(List.of(o)));
        }
    }

    @BeforeAll
    void start() throws Exception {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
        RuntimeProperties props = RuntimeProperties.defaults().withInstanceId("admin-it-" + filter)
                .withControlInterval(Duration.ofMillis(200));
        runtime = new StageRuntime(new Quick(), bus, objects, (RuntimeStatusStore) status, props);
        runtime.start();
        long t0 = System.nanoTime();
        while (((RuntimeStatusStore) status).filters().block(WAIT).stream().noneMatch(f -> f.name().equals(filter))) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT);
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.stopGracefully().block(WAIT);
        }
    }

    JsonNode pool() {
        return http.get().uri("/admin/pools/" + filter).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode awaitPool(String what, Predicate<JsonNode> cond) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = pool();
            if (cond.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("pool never showed " + what + ": " + last);
    }

    @Test
    void lagAndEtaFollowAPausedThenResumedPool() throws Exception {
        http.post().uri("/admin/pools/" + filter + ":pause").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paused").isEqualTo(true);
        awaitPool("the worker paused", p -> p.get("workerList").size() == 1
                && p.get("workerList").get(0).get("paused").asBoolean());

        Pipeline pipeline = Pipeline.named("admin").stage("s", filter).build();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String job = "job-" + UUID.randomUUID();
            String asset = "asset-" + i + "-" + filter;
            ObjectRef src = objects.putBytes(ObjectKeys.source("acme", asset), "b".getBytes(StandardCharsets.UTF_8),
                    "video/mp4").block(WAIT);
            JobLauncher.launch(bus, status, job, asset, "acme", pipeline, src, Map.of(), Map.of(), null).block(WAIT);
            jobs.add(job);
        }
        JsonNode paused = awaitPool("lag 4", p -> p.get("lag").get("total").asLong() == 4);
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("consumerGroup").asString()).isEqualTo("reelpipe." + filter);
        // the detail view lists every partition of both topics; the list view only those with lag
        assertThat(paused.get("lag").get("partitions").size()).isEqualTo(24);
        long lagging = 0;
        for (JsonNode part : paused.get("lag").get("partitions")) {
            lagging += part.get("lag").asLong() > 0 ? 1 : 0;
        }
        assertThat(lagging).isBetween(1L, 4L);
        assertThat(paused.get("oldestQueuedAgeSeconds").isNumber()).isTrue();
        assertThat(paused.get("inFlight").asLong()).isZero();
        assertThat(paused.get("etaSeconds").isNull()).isTrue();   // nothing done yet: no rate to drain at
        for (String job : jobs) {
            assertThat(status.snapshot(job).block(WAIT).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
        // the list view has the pool too (and the shipped catalogue's pools)
        JsonNode all = http.get().uri("/admin/pools").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> names = new ArrayList<>();
        all.get("pools").forEach(p -> names.add(p.get("filter").asString()));
        assertThat(names).contains(filter, "transcode", "thumbnail");

        http.post().uri("/admin/pools/" + filter + ":resume").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paused").isEqualTo(false);
        JsonNode drained = awaitPool("lag 0 with throughput", p -> p.get("lag").get("total").asLong() == 0
                && p.get("throughputPerMinute").get("1m").asDouble() > 0);
        assertThat(drained.get("etaSeconds").asLong()).isZero();
        assertThat(drained.get("counts").get("completed15m").asLong()).isEqualTo(4);
        // the per-minute series (oldest first, current minute last) adds up to the same four, none failed
        List<Long> perMinute = new ArrayList<>();
        drained.get("perMinute").get("completed").forEach(n -> perMinute.add(n.asLong()));
        assertThat(perMinute).hasSize(16);
        assertThat(perMinute.stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
        drained.get("perMinute").get("failed").forEach(n -> assertThat(n.asLong()).isZero());
        assertThat(drained.get("failureRate").asDouble()).isZero();
        for (String job : jobs) {
            assertThat(status.snapshot(job).block(WAIT).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void concurrencyReachesTheRunningInstance() throws Exception {
        http.put().uri("/admin/pools/" + filter + "/concurrency").bodyValue(Map.of("concurrency", 5)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.concurrency").isEqualTo(5);
        awaitPool("concurrency 5 in the heartbeat", p -> p.get("capacity").asLong() == 5);
        assertThat(runtime.concurrency()).isEqualTo(5);
        http.delete().uri("/admin/pools/" + filter + "/concurrency").exchange().expectStatus().isOk();
        awaitPool("back to the configured 2", p -> p.get("capacity").asLong() == 2);

        http.put().uri("/admin/pools/" + filter + "/concurrency").bodyValue(Map.of("concurrency", 0)).exchange()
                .expectStatus().isBadRequest();
        http.post().uri("/admin/pools/no-such-pool:pause").exchange().expectStatus().isNotFound();
    }
}
