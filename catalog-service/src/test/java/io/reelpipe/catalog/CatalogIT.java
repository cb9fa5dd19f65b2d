package io.reelpipe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.catalog.embedding.MiniLmQueryEmbedder;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.DevStackOptions;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.Role;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The catalog on the real stack (Kafka, Redis, S3Proxy from devstack), API keys on: ads are stored as the pipeline
 * stores them and their events published to {@code reelpipe.events}; the catalog must make them findable by a spoken
 * word (with the time), a title word, a keyword, meaning, and as a similar ad; keep tenants apart; stay unchanged
 * under replay; give the same answers after a rebuild from storage; drop a deleted ad. Prints the freshness lag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelpipe.security.bootstrap-admin-key=rp_test_catalogBootstrapAdminKey00000000001",
        "reelpipe.catalog.instance-id=it"})
class CatalogIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static DevStack stack;

    @DynamicPropertySource
    static void devStack(DynamicPropertyRegistry registry) throws IOException {
        if (stack == null) {
            stack = DevStack.start(DevStackOptions.builder().servers(DevStackOptions.Server.KAFKA,
                    DevStackOptions.Server.REDIS, DevStackOptions.Server.S3).build());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        stack.springProperties().forEach((k, v) -> registry.add(k, () -> v));
        String dir = Files.createTempDirectory("catalog-it").resolve("index").toString();
        registry.add("reelpipe.catalog.index-dir", () -> dir);
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectStore store;
    @Autowired
    MessageBus bus;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    MiniLmQueryEmbedder embedder;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String acme;
    String other;
    String operator;
    final List<Long> lagsMs = new ArrayList<>();

    static final StoredAd VOLTRA = new StoredAd("acme", "voltra-e7", "job-voltra", "Voltra E7 electric SUV",
            "cars, EV", "en", List.of("Meet the Voltra E7, the all-electric SUV built for family road trips.",
                    "With a battery range of 600 kilometres you can drive to the mountains.",
                    "Book a test drive at your nearest dealer."),
            List.of("electric suv", "crossover", "battery range"), 1920, 1080, 32.0);
    static final StoredAd KESTREL = new StoredAd("acme", "kestrel-gt", "job-kestrel", "Kestrel GT sports coupe",
            "cars", "en", List.of("The Kestrel GT turbo coupe goes from zero to one hundred in four seconds.",
                    "A twin-turbo engine and adaptive suspension give you performance on every mountain road."),
            List.of("sports car", "turbo engine"), 1080, 1920, 14.0);
    static final StoredAd DASHBITE = new StoredAd("acme", "dashbite", "job-dashbite", "Dashbite food delivery",
            "food", "en", List.of("Hungry? Dashbite delivers food from local restaurants in thirty minutes.",
                    "Order pizza, sushi or noodles in a few taps."),
            List.of("food delivery", "restaurants"), 1920, 1080, 20.0);
    static final StoredAd BEONGAE = new StoredAd("acme", "beongae", "job-beongae", "번개배달 음식 배달 앱",
            "음식, 배달", "ko", List.of("배고플 때 번개배달을 켜세요.", "동네 맛집 음식을 삼십 분 안에 문 앞까지 배달해 드립니다."),
            List.of("음식 배달", "맛집"), 1080, 1080, 15.0);
    static final StoredAd OTHER_VOLTRA = new StoredAd("globex", "voltra-copy", "job-globex", "Voltra rival launch",
            "cars", "en", List.of("A rival electric car with a long battery range."), List.of("electric car"),
            1920, 1080, 30.0);

    @BeforeAll
    void keys() {
        acme = apiKeys.create("acme", EnumSet.of(Role.EDITOR), "it").block(WAIT).key();
        other = apiKeys.create("globex", EnumSet.of(Role.EDITOR), "it").block(WAIT).key();
        operator = apiKeys.create("acme", EnumSet.of(Role.OPERATOR), "it").block(WAIT).key();
    }

    HttpResponse<String> get(String pathAndQuery, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(WAIT).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode search(String key, String query) {
        HttpResponse<String> r = get("/v1/search?" + query, key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return WireFormat.mapper().readTree(r.body());
    }

    static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("hits").forEach(h -> out.add(h.path("assetId").asString()));
        return out;
    }

    /** Stores the ad, publishes its events and waits until a search finds it; records the lag. */
    void process(StoredAd ad) throws InterruptedException {
        float[] vector = embedder.embed(ad.documentText()).orElseThrow();
        List<StageManifest> manifests = ad.store(store, vector);
        String key = ad.tenant().equals("acme") ? acme : other;
        long t0 = System.nanoTime();
        StoredAd.publish(bus, manifests);
        long deadline = t0 + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ids(search(key, q(ad.keywords().get(0)) + "&mode=keyword")).contains(ad.assetId())) {
                lagsMs.add((System.nanoTime() - t0) / 1_000_000);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(ad.assetId() + " not findable within " + WAIT);
    }

    @Test
    @Order(1)
    void processedAdsBecomeFindableWithinSecondsOfTheirEvents() throws Exception {
        for (StoredAd ad : List.of(VOLTRA, KESTREL, DASHBITE, BEONGAE, OTHER_VOLTRA)) {
            process(ad);
        }
        List<Long> sorted = lagsMs.stream().sorted().toList();
        System.out.printf("CATALOG-FRESHNESS events published -> findable: median %d ms, max %d ms, each %s ms "
                + "(the first includes the consumer's partition assignment)%n", sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), lagsMs);
        assertThat(sorted.get(sorted.size() - 1)).isLessThan(10_000);
    }

    @Test
    @Order(2)
    void findableByASpokenWordWithItsTimeATitleWordAKeywordAndMeaning() {
        // a word only said in the ad: the highlight is the cue with its time (second sentence, 3 s)
        JsonNode spoken = search(acme, q("kilometres") + "&mode=keyword");
        assertThat(ids(spoken)).containsExactly("voltra-e7");
        JsonNode hl = spoken.path("hits").get(0).path("highlights").get(0);
        assertThat(hl.path("field").asString()).isEqualTo("transcript");
        assertThat(hl.path("snippet").asString()).contains("<em>kilometres</em>");
        assertThat(hl.path("start").asDouble()).isEqualTo(3.0);
        // stemming: "drives" finds "drive"
        assertThat(ids(search(acme, q("drives") + "&mode=keyword"))).contains("voltra-e7");
        // a title word
        assertThat(ids(search(acme, q("coupe") + "&mode=keyword"))).containsExactly("kestrel-gt");
        // a keyword only the keyword stage produced
        JsonNode kw = search(acme, q("crossover") + "&mode=keyword");
        assertThat(ids(kw)).containsExactly("voltra-e7");
        assertThat(kw.path("hits").get(0).path("highlights").toString()).contains("keywords");
        // Korean through Nori: a morpheme of 배달해 드립니다 / 번개배달
        assertThat(ids(search(acme, q("배달") + "&mode=keyword"))).containsExactly("beongae");
        // meaning without the words: semantic and hybrid put the food ad first
        assertThat(ids(search(acme, q("order dinner to my home") + "&mode=semantic")).get(0)).isEqualTo("dashbite");
        assertThat(ids(search(acme, q("order dinner to my home") + "&mode=hybrid")).get(0)).isEqualTo("dashbite");
    }

    @Test
    @Order(3)
    void filtersFacetsAndCursor() {
        JsonNode all = search(acme, "q=&size=2");
        assertThat(all.path("total").asLong()).isEqualTo(4);
        assertThat(all.path("hits").size()).isEqualTo(2);
        assertThat(all.path("facets").path("orientation").toString()).contains("\"landscape\"", "\"portrait\"");
        JsonNode page2 = search(acme, "q=&size=2&cursor=" + all.path("cursor").asString());
        assertThat(page2.path("hits").size()).isEqualTo(2);
        assertThat(page2.path("cursor").isMissingNode() || page2.path("cursor").isNull()).isTrue();
        List<String> both = new ArrayList<>(ids(all));
        both.addAll(ids(page2));
        assertThat(both).containsExactlyInAnyOrder("voltra-e7", "kestrel-gt", "dashbite", "beongae");
        assertThat(ids(search(acme, q("cars") + "&orientation=portrait"))).containsExactly("kestrel-gt");
        assertThat(ids(search(acme, "tags=cars&duration=30-"))).containsExactly("voltra-e7");
        assertThat(ids(search(acme, "language=ko"))).containsExactly("beongae");
        assertThat(ids(search(acme, "hasCaptions=true&sort=shortest"))).containsExactly("kestrel-gt", "beongae",
                "dashbite", "voltra-e7");
        JsonNode facets = search(acme, q("cars")).path("facets");
        assertThat(facets.path("tags").toString()).contains("{\"value\":\"cars\",\"count\":2}");
    }

    @Test
    @Order(4)
    void similarAdsAreTheNearestOfTheSameTenant() {
        HttpResponse<String> r = get("/v1/search/similar/voltra-e7", acme);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> similar = ids(WireFormat.mapper().readTree(r.body()));
        assertThat(similar).doesNotContain("voltra-e7", "voltra-copy");
        assertThat(similar.get(0)).isEqualTo("kestrel-gt");
        assertThat(get("/v1/search/similar/voltra-e7", other).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void anotherTenantFindsNothingOfOurs() {
        assertThat(ids(search(other, q("Voltra")))).containsExactly("voltra-copy");
        assertThat(ids(search(other, q("kilometres") + "&mode=keyword"))).isEmpty();
        assertThat(ids(search(acme, q("rival") + "&mode=keyword"))).isEmpty();
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            for (String words : List.of("kilometres", "food delivery", "Voltra E7 electric SUV", "배달", "coupe")) {
                assertThat(ids(search(other, q(words) + "&mode=" + mode))).as(mode + " " + words)
                        .doesNotContain("voltra-e7", "kestrel-gt", "dashbite", "beongae");
            }
            assertThat(ids(search(acme, q("rival electric car") + "&mode=" + mode))).doesNotContain("voltra-copy");
        }
        // nothing in the archive is about this: not even the nearest neighbours count
        assertThat(ids(search(acme, q("quantum chromodynamics lecture") + "&mode=semantic"))).isEmpty();
        assertThat(get("/v1/search?q=voltra", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/search?q=voltra", operator).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void badParametersAreProblems() {
        for (String bad : List.of("mode=fuzzy", "duration=abc", "orientation=diagonal", "hasCaptions=maybe",
                "from=yesterday", "size=1000", "cursor=garbage", "language=english", "mode=semantic")) {
            HttpResponse<String> r = get("/v1/search?" + bad, acme);
            assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(WireFormat.mapper().readTree(r.body()).path("detail").asString()).isNotBlank();
        }
        // a browser's preflight is answered before (and without) the key check
        HttpResponse<String> preflight;
        try {
            preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/search?q=x"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://console.example.com").header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        String cursor = search(acme, "q=&size=1").path("cursor").asString();
        assertThat(get("/v1/search?q=cars&size=1&cursor=" + cursor, acme).statusCode()).isEqualTo(400);
    }

    Map<String, String> answers() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String query : List.of(q("cars"), q("kilometres"), q("배달"), q("electric car") + "&mode=semantic",
                q("fast food") + "&mode=hybrid", "q=&sort=newest", q("mountain") + "&mode=keyword")) {
            JsonNode r = search(acme, query);
            out.put(query, ids(r) + " " + r.path("facets"));
        }
        return out;
    }

    @Test
    @Order(7)
    void replayedEventsChangeNothing() throws Exception {
        Map<String, String> before = answers();
        String state = get("/admin/catalog", operator).body();
        for (StoredAd ad : List.of(VOLTRA, KESTREL)) {
            List<StageManifest> manifests = new ArrayList<>();
            for (String stage : List.of("subtitles", "keywords")) {
                manifests.add(WireFormat.mapper().readValue(store.getBytes(ObjectKeys.manifest(ad.tenant(),
                        ad.assetId(), stage)).block(WAIT), StageManifest.class));
            }
            StoredAd.publish(bus, manifests);
            // a marker of another tenant on the same key (the job id), so the same partition, after the replay:
            // once it is findable, the replay before it has been applied
            StoredAd marker = new StoredAd("globex", "marker-" + ad.assetId(), ad.jobId(), "Marker " + ad.assetId(),
                    "marker", "en", List.of("Marker sentence."), List.of("marker"), 640, 360, 5.0);
            StoredAd.publish(bus, marker.store(store, embedder.embed(marker.documentText()).orElseThrow()));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ids(search(other, q("marker") + "&mode=keyword")).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ids(search(other, q("marker") + "&mode=keyword"))).hasSize(2);
        assertThat(answers()).isEqualTo(before);
        assertThat(WireFormat.mapper().readTree(get("/admin/catalog", operator).body()).path("documents").asInt())
                .isEqualTo(WireFormat.mapper().readTree(state).path("documents").asInt() + 2).isEqualTo(7);
    }

    @Test
    @Order(8)
    void aRebuildFromStorageGivesTheSameAnswers() throws Exception {
        Map<String, String> before = answers();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/catalog/rebuild"))
                .header("Authorization", "Bearer " + operator).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode state;
        do {
            Thread.sleep(100);
            state = WireFormat.mapper().readTree(get("/admin/catalog", operator).body());
        } while (state.path("rebuild").path("running").asBoolean() && System.nanoTime() < deadline);
        assertThat(state.path("rebuild").path("assets").asInt()).isEqualTo(7);
        assertThat(state.path("rebuiltAt").isString()).isTrue();
        assertThat(answers()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void aDeletedAdDisappears() throws Exception {
        String prefix = ObjectKeys.assetPrefix("acme", "dashbite");
        for (ObjectRef o : store.list(prefix).collectList().block(WAIT)) {
            store.delete(o.key()).block(WAIT);
        }
        long t0 = System.nanoTime();
        bus.send(TaskMessages.event(new StageEvent.AssetDeleted(1, "acme", "dashbite", List.of("job-dashbite"),
                Instant.now()), null)).block(WAIT);
        long deadline = t0 + WAIT.toNanos();
        while (ids(search(acme, q("Dashbite food"))).contains("dashbite") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.printf("CATALOG-DELETION AssetDeleted published -> gone: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(ids(search(acme, q("Dashbite food")))).doesNotContain("dashbite");
        assertThat(ids(search(acme, q("hungry") + "&mode=semantic"))).doesNotContain("dashbite");
        assertThat(get("/v1/search/similar/dashbite", acme).statusCode()).isEqualTo(404);
    }
}
