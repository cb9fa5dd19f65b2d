package io.reelpipe.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.reelpipe.ingest.IngestTestBase;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.runtime.StageRuntime;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Issue #4 at the API: pipelines (versions, validate with line/column, dry run), cancel, re-run, job listing, SSE
 * resume with Last-Event-ID and signed webhooks, with in-test filters run by a real stage runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineAndJobApiTest extends IngestTestBase {

    @LocalServerPort
    int port;
    @Autowired
    MessageBus bus;
    @Autowired
    ObjectStore objects;
    @Autowired
    JobStatusStore status;
    @Autowired
    DatabaseClient db;

    WebTestClient http;
    byte[] clip;
    final String suffix = UUID.randomUUID().toString().substring(0, 6);
    final String quickName = "quick-" + suffix;
    final String blockName = "block-" + suffix;
    final String flakyName = "flaky-" + suffix;
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final AtomicInteger flakyCalls = new AtomicInteger();
    final List<StageRuntime> runtimes = new ArrayList<>();

    /** The in-test filters' parameters. */
    public record Params(Integer steps, String label) {
    }

    final class TestFilter implements Filter<Params> {
        final String name;
        final Function<StageContext<Params>, Mono<StageResult>> body;

        TestFilter(String name, Function<StageContext<Params>, Mono<StageResult>> body) {
            this.name = name;
            this.body = body;
        }

        public String name() {
            return name;
        }

        public Class<Params> parametersType() {
            return Params.class;
        }

        public Mono<StageResult> run(StageContext<Params> ctx) {
            runs.computeIfAbsent(ctx.jobId() + "/" + ctx.stage(), k -> new AtomicInteger()).incrementAndGet();
            return body.apply(ctx);
        }
    }

    /** Reports progress in {@code steps} steps of 200 ms, then uploads a small output. */
    static Mono<StageResult> work(StageContext<Params> ctx) {
        return Mono.fromCallable(() -> {
            int steps = ctx.parameters() == null || ctx.parameters().steps() == null ? 1 : ctx.parameters().steps();
            for (int i = 1; i <= steps; i++) {
                Thread.sleep(200);
                ctx.progress((double) i / (steps + 1));
                ctx.throwIfCancelled();
            }
            return Files.writeString(ctx.scratch().resolve("out.txt"), ctx.stage());
        }).subscribeOn(Schedulers.boundedElastic())
                .flatMap(f -> ctx.upload("out.txt", f, "text/plain", Map.of()))
                .map(o -> StageResult.of(List.of(o)));
    }

    @BeforeAll
    void startWorkers() throws Exception {
        clip = Files.readAllBytes(smallVideo());
        RuntimeProperties props = new RuntimeProperties(true, "ingest-it-" + suffix, 2, 3, Duration.ofMillis(100),
                Duration.ofMillis(400), Duration.ofMillis(100), Files.createTempDirectory("ingest-it-scratch"),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10),
                Duration.ofSeconds(5), Duration.ofMillis(200), "it");
        RuntimeStatusStore rs = (RuntimeStatusStore) status;
        List<Filter<?>> filters = List.of(
                new TestFilter(quickName, PipelineAndJobApiTest::work),
                new TestFilter(blockName, ctx -> Mono.fromCallable(() -> {
                    ctx.progress(0.5);
                    while (!ctx.cancelled()) {
                        Thread.sleep(20);
                    }
                    ctx.throwIfCancelled();
                    return null;
                }).subscribeOn(Schedulers.boundedElastic()).then(Mono.empty())),
                new TestFilter(flakyName, ctx -> flakyCalls.incrementAndGet() == 1
                        ? Mono.error(new PermanentStageException("the first try always fails"))
                        : work(ctx)));
        for (Filter<?> f : filters) {
            StageRuntime r = new StageRuntime(f, bus, objects, rs, props);
            r.start();
            runtimes.add(r);
        }
        long t0 = System.nanoTime();
        while (rs.filters().block(WAIT).stream().filter(f -> f.name().endsWith(suffix)).count() < 3) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT);
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stopWorkers() {
        runtimes.forEach(r -> r.stopGracefully().block(WAIT));
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    String put(String name, String body, MediaType type) {
        JsonNode r = http.put().uri("/v1/pipelines/" + name).contentType(type).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return r.get("version").asString();
    }

    String upload(String tenant, String pipeline) {
        // a few random bytes after the video keep uploads distinct, so no dedupe merges jobs across tests
        byte[] body = padded();
        return http.post().uri(b -> b.path("/v1/assets").queryParam("filename", "clip.mp4").queryParam("pipeline", pipeline).build())
                .header("X-Reelpipe-Tenant", tenant).contentType(MediaType.parseMediaType("video/mp4")).bodyValue(body)
                .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("jobId").asString();
    }

    byte[] padded() {
        byte[] pad = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[clip.length + 8 + pad.length];
        System.arraycopy(clip, 0, out, 0, clip.length);
        java.nio.ByteBuffer.wrap(out, clip.length, 8).putInt(8 + pad.length).put("free".getBytes(StandardCharsets.US_ASCII));
        System.arraycopy(pad, 0, out, clip.length + 8, pad.length);
        return out;
    }

    JsonNode job(String tenant, String jobId) {
        return http.get().uri("/v1/jobs/" + jobId).header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode awaitJob(String tenant, String jobId, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long t0 = System.nanoTime();
        JsonNode last = null;
        while (System.nanoTime() - t0 < WAIT.toNanos()) {
            last = job(tenant, jobId);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " not as expected; last: " + last);
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!cond.getAsBoolean()) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(what).isLessThan(WAIT);
            Thread.sleep(100);
        }
    }

    String dbJobState(String jobId) {
        return db.sql("select state from jobs where id = :id").bind("id", jobId).map(r -> r.get("state", String.class))
                .one().block();
    }

    // -------------------------------------------------------------------------------------------------------------

    @Test
    void pipelinesAreVersionedValidatedWithLineAndColumnAndDryRun() throws Exception {
        JsonNode bad = http.post().uri("/v1/pipelines:validate").contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue("""
                        pipeline: broken
                        stages:
                          a: { filter: %s, with: { stepz: 2 } }
                          b: { filter: nope, needs: [a, c] }
                          c: { filter: thumbnail, needs: b, when: media.duration >> 1 }
                        """.formatted(quickName))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(bad.get("valid").asBoolean()).isFalse();
        List<String> problems = new ArrayList<>();
        bad.get("problems").forEach(p -> problems.add(p.get("line").asInt() + ":" + p.get("column").asInt() + " "
                + p.get("path").asString() + " " + p.get("message").asString()));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("3:").contains("stages.a.with.stepz")
                        .contains("unknown parameter 'stepz'"))
                .anySatisfy(p -> assertThat(p).startsWith("4:16 stages.b.filter").contains("unknown filter 'nope'"))
                .anySatisfy(p -> assertThat(p).contains("cycle"))
                .anySatisfy(p -> assertThat(p).startsWith("5:59 stages.c.when").contains("invalid condition"));

        String name = "it-pipe-" + suffix;
        String yaml = """
                pipeline: %s
                stages:
                  first: { filter: %s, with: { steps: 1 } }
                  long-only: { filter: %s, needs: first, when: "media.duration > 1h" }
                """.formatted(name, quickName, quickName);
        assertThat(put(name, yaml, MediaType.parseMediaType("application/yaml"))).isEqualTo("1");
        String json = """
                {"pipeline": "%s", "description": "json edition", "stages": {"only": {"filter": "%s", "with": {"steps": 2}, "priority": "high"}}}
                """.formatted(name, quickName);
        assertThat(put(name, json, MediaType.APPLICATION_JSON)).isEqualTo("2");
        http.put().uri("/v1/pipelines/" + name).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"pipeline\": \"" + name + "\", \"stages\": {\"x\": {\"filter\": \"" + quickName
                        + "\", \"with\": {\"steps\": \"many\"}}}}")
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("invalid-pipeline")
                .jsonPath("$.problems[0].path").isEqualTo("stages.x.with.steps")
                .jsonPath("$.problems[0].line").isEqualTo(1);
        http.get().uri("/v1/pipelines/" + name).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.version").isEqualTo(2)
                .jsonPath("$.description").isEqualTo("json edition")
                .jsonPath("$.stages[0].priority").isEqualTo("high");
        http.get().uri("/v1/pipelines/" + name + "/versions/1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.stages[1].when").isEqualTo("media.duration > 1h")
                .jsonPath("$.definition").isEqualTo(yaml);
        http.get().uri("/v1/pipelines/" + name + "/versions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.versions.length()").isEqualTo(2);
        http.get().uri("/v1/pipelines/nope-" + suffix).exchange().expectStatus().isNotFound();

        // jobs pin the version they started with; a dry run shows which stages would run for an asset
        String tenant = "t-pipes-" + suffix;
        String jobId = upload(tenant, name);
        JsonNode done = awaitJob(tenant, jobId, j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("pipelineVersion").asInt()).isEqualTo(2);
        String assetId = done.get("assetId").asString();
        http.post().uri(b -> b.path("/v1/pipelines:validate").queryParam("assetId", assetId).build())
                .header("X-Reelpipe-Tenant", tenant).contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue(yaml).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.valid").isEqualTo(true)
                .jsonPath("$.dryRun.stages[0].name").isEqualTo("first")
                .jsonPath("$.dryRun.stages[0].runs").isEqualTo(true)
                .jsonPath("$.dryRun.stages[1].runs").isEqualTo(false)
                .jsonPath("$.dryRun.stages[1].reason").isEqualTo("condition is false: media.duration > 1h");
    }

    @Test
    void cancelStopsARunningJobEverywhere() throws Exception {
        String name = "it-cancel-" + suffix;
        put(name, """
                pipeline: %s
                stages:
                  hold: { filter: %s }
                  next: { filter: %s, needs: hold }
                """.formatted(name, blockName, quickName), MediaType.parseMediaType("application/yaml"));
        String tenant = "t-cancel-" + suffix;
        String jobId = upload(tenant, name);
        JsonNode running = awaitJob(tenant, jobId, j -> j.get("stages").get(0).get("state").asString().equals("RUNNING")
                && j.get("stages").get(0).get("progress").asDouble() > 0);
        assertThat(running.get("stages").get(0).get("etaSeconds").isNumber()).isTrue();

        http.post().uri("/v1/jobs/" + jobId + ":cancel").header("X-Reelpipe-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\": \"wrong cut\"}")
                .exchange().expectStatus().isAccepted().expectBody()
                .jsonPath("$.state").isEqualTo("CANCELLED")
                .jsonPath("$.cancelledStages.length()").isEqualTo(2);
        assertThat(job(tenant, jobId).get("state").asString()).isEqualTo("CANCELLED");
        http.post().uri("/v1/jobs/" + jobId + ":cancel").header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("job-ended");
        http.post().uri("/v1/jobs/" + jobId + ":cancel").header("X-Reelpipe-Tenant", "someone-else").exchange()
                .expectStatus().isNotFound();
        await(() -> "CANCELLED".equals(dbJobState(jobId)), "job CANCELLED in PostgreSQL");
        await(() -> db.sql("select count(*) as n from stages where job_id = :id and state = 'CANCELLED'").bind("id", jobId)
                .map(r -> r.get("n", Long.class)).one().block() == 2L, "stages CANCELLED in PostgreSQL");
        Thread.sleep(500);
        assertThat(runs.get(jobId + "/next")).isNull();
    }

    @Test
    void rerunOfAFailedStageReusesTheStagesThatSucceeded() throws Exception {
        String name = "it-rerun-" + suffix;
        put(name, """
                pipeline: %s
                stages:
                  prep: { filter: %s }
                  shaky: { filter: %s, needs: prep }
                  final: { filter: %s, needs: shaky }
                """.formatted(name, quickName, flakyName, quickName), MediaType.parseMediaType("application/yaml"));
        String tenant = "t-rerun-" + suffix;
        String jobId = upload(tenant, name);
        JsonNode failed = awaitJob(tenant, jobId, j -> j.get("state").asString().equals("FAILED"));
        assertThat(failed.get("error").asString()).contains("the first try always fails");
        http.post().uri("/v1/jobs/" + jobId + "/stages/nope:rerun").header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isNotFound();

        http.post().uri("/v1/jobs/" + jobId + "/stages/shaky:rerun").header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isAccepted().expectBody()
                .jsonPath("$.run").isEqualTo(2)
                .jsonPath("$.stages[0]").isEqualTo("shaky")
                .jsonPath("$.stages[1]").isEqualTo("final")
                .jsonPath("$.dispatched[0]").isEqualTo("shaky");
        JsonNode done = awaitJob(tenant, jobId, j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("stages").get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(runs.get(jobId + "/prep").get()).isEqualTo(1);
        assertThat(runs.get(jobId + "/shaky").get()).isEqualTo(2);
        assertThat(runs.get(jobId + "/final").get()).isEqualTo(1);
        await(() -> "COMPLETED".equals(dbJobState(jobId)), "job COMPLETED again in PostgreSQL");
        assertThat(db.sql("select run from jobs where id = :id").bind("id", jobId).map(r -> r.get("run", Integer.class))
                .one().block()).isEqualTo(2);
        http.post().uri("/v1/jobs/" + jobId + ":rerun").header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("nothing-to-rerun");
    }

    @Test
    void jobsAreListedNewestFirstWithFiltersAndCursor() throws Exception {
        String name = "it-list-" + suffix;
        put(name, "pipeline: " + name + "\nstages:\n  s: { filter: " + quickName + " }\n",
                MediaType.parseMediaType("application/yaml"));
        String tenant = "t-list-" + suffix;
        String first = upload(tenant, name);
        String second = upload(tenant, name);
        awaitJob(tenant, first, j -> j.get("state").asString().equals("COMPLETED"));
        awaitJob(tenant, second, j -> j.get("state").asString().equals("COMPLETED"));
        await(() -> "COMPLETED".equals(dbJobState(second)) && "COMPLETED".equals(dbJobState(first)), "both in PostgreSQL");
        JsonNode page1 = http.get().uri("/v1/jobs?limit=1&state=completed").header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page1.get("jobs")).hasSize(1);
        assertThat(page1.get("jobs").get(0).get("jobId").asString()).isEqualTo(second);
        String cursor = page1.get("next").asString();
        JsonNode page2 = http.get().uri(b -> b.path("/v1/jobs").queryParam("limit", 1).queryParam("cursor", cursor).build())
                .header("X-Reelpipe-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page2.get("jobs").get(0).get("jobId").asString()).isEqualTo(first);
        assertThat(page2.get("next").isNull()).isTrue();
        http.get().uri("/v1/jobs?state=RUNNING").header("X-Reelpipe-Tenant", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.jobs.length()").isEqualTo(0);
        String asset = job(tenant, first).get("assetId").asString();
        http.get().uri("/v1/jobs?asset=" + asset + "&since=2020-01-01T00:00:00Z").header("X-Reelpipe-Tenant", tenant)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.jobs.length()").isEqualTo(1).jsonPath("$.jobs[0].jobId").isEqualTo(first);
        http.get().uri("/v1/jobs?state=bogus").header("X-Reelpipe-Tenant", tenant).exchange().expectStatus().isBadRequest();
    }

    @Test
    void eventStreamResumesAfterLastEventId() throws Exception {
        String name = "it-sse-" + suffix;
        put(name, "pipeline: " + name + "\nstages:\n  a: { filter: " + quickName + ", with: { steps: 4 } }\n"
                + "  b: { filter: " + quickName + ", needs: a, with: { steps: 2 } }\n", MediaType.parseMediaType("application/yaml"));
        String tenant = "t-sse-" + suffix;
        String jobId = upload(tenant, name);
        ParameterizedTypeReference<ServerSentEvent<String>> type = new ParameterizedTypeReference<>() { };
        List<ServerSentEvent<String>> firstPart = http.get().uri("/v1/jobs/" + jobId + "/events")
                .header("X-Reelpipe-Tenant", tenant).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().returnResult(type).getResponseBody()
                .filter(e -> e.id() != null).take(3).collectList().block(WAIT);
        assertThat(firstPart).hasSize(3);
        String resumeFrom = firstPart.get(2).id();

        List<ServerSentEvent<String>> rest = http.get().uri("/v1/jobs/" + jobId + "/events")
                .header("X-Reelpipe-Tenant", tenant).header("Last-Event-ID", resumeFrom).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().returnResult(type).getResponseBody()
                .filter(e -> e.id() != null).collectList().block(WAIT);
        assertThat(rest).isNotEmpty();
        // the stream ended by itself after the job's terminal event
        ServerSentEvent<String> end = rest.getLast();
        assertThat(end.event()).isEqualTo("job");
        assertThat(end.data()).contains("\"state\":\"COMPLETED\"");
        // nothing twice, nothing missing: first part + rest is exactly the stream
        List<String> seen = new ArrayList<>(firstPart.stream().map(ServerSentEvent::id).toList());
        seen.addAll(rest.stream().map(ServerSentEvent::id).toList());
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(rest.getFirst().id()).isNotEqualTo(resumeFrom);
        List<String> all = http.get().uri("/v1/jobs/" + jobId + "/events").header("X-Reelpipe-Tenant", tenant)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().returnResult(type).getResponseBody()
                .filter(e -> e.id() != null).map(ServerSentEvent::id).collectList().block(WAIT);
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(rest).anySatisfy(e -> assertThat(e.event()).isEqualTo("progress"));
        http.get().uri("/v1/jobs/" + jobId + "/events").header("X-Reelpipe-Tenant", "other").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void webhookIsDeliveredSignedAndRetried() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            received.add(Map.of("signature", String.valueOf(ex.getRequestHeaders().getFirst("X-Reelpipe-Signature")),
                    "event", String.valueOf(ex.getRequestHeaders().getFirst("X-Reelpipe-Event")),
                    "body", new String(body, StandardCharsets.UTF_8)));
            int status = n == 1 ? 503 : 204;   // the first delivery is refused once: it must come again
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try {
            String tenant = "t-hooks-" + suffix;
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            JsonNode created = http.post().uri("/v1/webhooks").header("X-Reelpipe-Tenant", tenant)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", url, "events", List.of("job.completed", "stage.completed")))
                    .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
            String hookId = created.get("id").asString();
            String secret = created.get("secret").asString();
            assertThat(secret).startsWith("whsec_");
            http.get().uri("/v1/webhooks/" + hookId).header("X-Reelpipe-Tenant", tenant).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.secret").doesNotExist().jsonPath("$.url").isEqualTo(url);
            http.post().uri("/v1/webhooks").header("X-Reelpipe-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", "ftp://x", "events", List.of("job.completed"))).exchange()
                    .expectStatus().isBadRequest();

            String name = "it-hook-" + suffix;
            put(name, "pipeline: " + name + "\nstages:\n  s: { filter: " + quickName + " }\n",
                    MediaType.parseMediaType("application/yaml"));
            String jobId = upload(tenant, name);
            await(() -> received.stream().anyMatch(r -> r.get("event").equals("job.completed")), "job.completed delivered");
            await(() -> received.stream().filter(r -> r.get("event").equals("stage.completed")).count() >= 1
                    && calls.get() >= 3, "stage.completed delivered after a retry");

            for (Map<String, String> r : received) {
                String sig = r.get("signature");
                long t = Long.parseLong(sig.substring(2, sig.indexOf(',')));
                String v1 = sig.substring(sig.indexOf("v1=") + 3);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + r.get("body")).getBytes(StandardCharsets.UTF_8)));
                assertThat(v1).isEqualTo(expected);
                assertThat(Math.abs(System.currentTimeMillis() / 1000 - t)).isLessThan(120);
                assertThat(r.get("body")).contains(jobId);
            }
            JsonNode deliveries = http.get().uri("/v1/webhooks/" + hookId + "/deliveries").header("X-Reelpipe-Tenant", tenant)
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            List<JsonNode> list = new ArrayList<>();
            deliveries.get("deliveries").forEach(list::add);
            assertThat(list).hasSize(2).allSatisfy(d -> assertThat(d.get("state").asString()).isEqualTo("DELIVERED"));
            assertThat(list).anySatisfy(d -> {
                assertThat(d.get("attempts").asInt()).isEqualTo(2);
                assertThat(d.get("lastAttempts").get(1).get("status").asInt()).isEqualTo(503);
                assertThat(d.get("lastAttempts").get(0).get("status").asInt()).isEqualTo(204);
            });
            http.delete().uri("/v1/webhooks/" + hookId).header("X-Reelpipe-Tenant", tenant).exchange()
                    .expectStatus().isNoContent();
            http.get().uri("/v1/webhooks/" + hookId).header("X-Reelpipe-Tenant", tenant).exchange().expectStatus().isNotFound();
        } finally {
            server.stop(0);
        }
    }
}
