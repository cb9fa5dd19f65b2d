package io.reelpipe.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The edge in front of two real HTTP servers standing in for ingest and the storage gateway (the catalog's port has
 * nobody listening): every route reaches the right one with path, query and forwarded headers intact; a request body
 * and an SSE answer stream through without being held; a missing service is a 503 problem; {@code /} is the console.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeRoutingTest {

    /** Completed by the fake ingest when the first bytes of the streamed PATCH arrive. */
    static final CompletableFuture<Long> firstBytesAtUpstream = new CompletableFuture<>();
    /** Completed by the test once it has read the first SSE event; the fake only then sends the second. */
    static final CompletableFuture<Void> firstEventAtClient = new CompletableFuture<>();

    static final DisposableServer ingest = fake("ingest");
    static final DisposableServer gateway = fake("storage-gateway");
    static final int deadPort = freePort();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry r) {
        r.add("reelpipe.edge.ingest", () -> "http://127.0.0.1:" + ingest.port());
        r.add("reelpipe.edge.gateway", () -> "http://127.0.0.1:" + gateway.port());
        r.add("reelpipe.edge.catalog", () -> "http://127.0.0.1:" + deadPort);
    }

    @AfterAll
    static void stop() {
        ingest.disposeNow();
        gateway.disposeNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    EdgeProperties properties;

    WebClient client() {
        return WebClient.create("http://localhost:" + port);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST, /v1/assets?filename=a.mp4, ingest",
            "GET, /v1/assets/as_1, ingest",
            "DELETE, /v1/assets/as_1, storage-gateway",
            "GET, /v1/assets/as_1/files/transcode/hls/master.m3u8, storage-gateway",
            "HEAD, /v1/assets/as_1/files/thumbnail/poster.jpg, storage-gateway",
            "POST, /v1/assets/as_1/files/transcode/mp4/360p.mp4:presign?expiresIn=1h, storage-gateway",
            "GET, /v1/signed/acme/as_1/thumbnail/poster.jpg?exp=1&sig=x, storage-gateway",
            "POST, /v1/uploads/, ingest",
            "PATCH, /v1/uploads/up_1, ingest",
            "GET, /v1/jobs?state=running&limit=5, ingest",
            "POST, /v1/jobs/jb_1:cancel, ingest",
            "POST, /v1/jobs/jb_1/stages/transcode:rerun, ingest",
            "GET, /v1/pipelines, ingest",
            "POST, /v1/pipelines:validate, ingest",
            "PUT, /v1/pipelines/ad-standard, ingest",
            "GET, /v1/api-keys, ingest",
            "GET, /v1/me, ingest",
            "GET, /admin/pools, ingest",
            "POST, /admin/pools/thumbnail:pause, ingest",
    })
    void eachPathReachesItsService(String method, String pathAndQuery, String service) {
        var answer = client().method(HttpMethod.valueOf(method)).uri(pathAndQuery)
                .header("Authorization", "Bearer rp_test_key")
                .exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(10));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().getFirst("X-Upstream")).isEqualTo(service);
        assertThat(answer.getHeaders().getFirst("X-Seen-Uri")).isEqualTo(pathAndQuery);
        assertThat(answer.getHeaders().getFirst("X-Seen-Method")).isEqualTo(method);
        assertThat(answer.getHeaders().getFirst("X-Seen-Authorization")).isEqualTo("Bearer rp_test_key");
        // the services build Location/links from these, so clients are sent back through the edge
        assertThat(answer.getHeaders().getFirst("X-Seen-Forwarded-Host")).isEqualTo("localhost:" + port);
        assertThat(answer.getHeaders().getFirst("X-Seen-Host")).isEqualTo("localhost:" + port);
        assertThat(answer.getHeaders().getFirst("Content-Security-Policy")).as("API answers are the services'").isNull();
    }

    @Test
    void aRequestBodyReachesTheServiceWhileTheClientIsStillSending() {
        byte[] chunk = new byte[256 * 1024];
        DefaultDataBufferFactory f = DefaultDataBufferFactory.sharedInstance;
        // The rest of the body is only sent once the service has seen the first bytes: an edge that collected the
        // body before forwarding it would never forward anything, and this would time out.
        Flux<DataBuffer> body = Flux.concat(
                Flux.range(0, 4).map(i -> f.wrap(chunk)),
                Mono.fromFuture(firstBytesAtUpstream).thenMany(Flux.range(0, 60).map(i -> f.wrap(chunk))));
        var answer = client().patch().uri("/v1/uploads/up_stream")
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .contentType(MediaType.parseMediaType("application/offset+octet-stream"))
                .body(body, DataBuffer.class)
                .exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(30));
        assertThat(answer.getStatusCode().value()).isEqualTo(204);
        assertThat(answer.getHeaders().getFirst("Upload-Offset")).isEqualTo(String.valueOf(64L * chunk.length));
    }

    @Test
    void serverSentEventsArriveOneByOne() {
        // The fake sends the second event only after the client has the first: a buffering edge would deadlock.
        List<ServerSentEvent<String>> events = client().get().uri("/v1/jobs/jb_sse/events")
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .doOnNext(e -> firstEventAtClient.complete(null))
                .collectList().block(Duration.ofSeconds(20));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("stage", "job");
        assertThat(events.get(1).data()).contains("COMPLETED");
    }

    @Test
    void aServiceThatIsDownIsA503ProblemNamingIt() {
        var answer = client().get().uri("/v1/search?q=shoes")
                .exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(20));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).contains("\"code\":\"upstream-unavailable\"").contains("the catalog service");
    }

    @Test
    void theRootIsTheConsoleAndItsLibrariesAreServedWithoutABuildStep() {
        var page = client().get().uri("/").exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(10));
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("<title>Reelpipe").contains("js/app.js");
        // the page holds an API key: scripts from this origin only, no framing, always revalidated
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("script-src 'self';")
                .contains("frame-ancestors 'none'");
        assertThat(page.getHeaders().getCacheControl()).contains("no-cache");
        for (String asset : List.of("/js/app.js", "/js/api.js", "/console.css", "/vendor/hls.js/hls.min.js",
                "/vendor/tus-js-client/tus.min.js")) {
            var r = client().get().uri(asset).exchangeToMono(x -> x.bodyToFlux(DataBuffer.class)
                    .map(b -> { int n = b.readableByteCount(); org.springframework.core.io.buffer.DataBufferUtils.release(b); return n; })
                    .reduce(0L, Long::sum).map(n -> Map.entry(x.statusCode().value(), n))).block(Duration.ofSeconds(10));
            assertThat(r.getKey()).as(asset).isEqualTo(200);
            assertThat(r.getValue()).as(asset).isGreaterThan(1000L);
        }
    }

    @Test
    void upstreamsAreTypedPropertiesWithWorkingDefaults() {
        EdgeProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("reelpipe.edge", EdgeProperties.class);
        assertThat(defaults.ingest()).hasToString("http://localhost:8080");
        assertThat(defaults.gateway()).hasToString("http://localhost:8081");
        assertThat(defaults.catalog()).hasToString("http://localhost:8082");
        assertThat(properties.ingest().getPort()).isEqualTo(ingest.port());
    }

    private static DisposableServer fake(String name) {
        return HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            res.header("X-Upstream", name).header("X-Seen-Uri", req.uri()).header("X-Seen-Method", req.method().name())
                    .header("X-Seen-Authorization", String.valueOf(req.requestHeaders().get("Authorization")))
                    .header("X-Seen-Forwarded-Host", String.valueOf(req.requestHeaders().get("X-Forwarded-Host")))
                    .header("X-Seen-Host", String.valueOf(req.requestHeaders().get("Host")));
            if (req.uri().equals("/v1/uploads/up_stream")) {
                AtomicLong received = new AtomicLong();
                return req.receive().doOnNext(b -> {
                    received.addAndGet(b.readableBytes());
                    firstBytesAtUpstream.complete(received.get());
                }).then(Mono.defer(() -> res.status(204).header("Upload-Offset", String.valueOf(received.get())).send()));
            }
            if (req.uri().equals("/v1/jobs/jb_sse/events")) {
                return res.header("Content-Type", "text/event-stream").sendString(Flux.concat(
                        Mono.just("id: 1-0\nevent: stage\ndata: {\"stage\":\"thumbnail\",\"progress\":0.5}\n\n"),
                        Mono.fromFuture(firstEventAtClient).then(Mono.just(
                                "id: 2-0\nevent: job\ndata: {\"state\":\"COMPLETED\"}\n\n"))), StandardCharsets.UTF_8);
            }
            return req.receive().then(Mono.defer(() -> res.status(200).header("Content-Type", "application/json")
                    .sendString(Mono.just("{}")).then()));
        }).bindNow();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
