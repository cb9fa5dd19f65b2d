package io.reelpipe.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.reelpipe.devstack.junit.DevStackExtension;
import io.reelpipe.devstack.junit.WithDevStack;
import io.reelpipe.keyword.statistical.DocumentFrequencies;
import io.reelpipe.keyword.statistical.RedisDocumentFrequencies;
import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The keyword worker's own Spring context ({@link KeywordWorkerApplication}) on the real dev stack (Kafka, Redis,
 * S3Proxy): the bundled model loads once, jobs run through the real stage runtime (a stand-in subtitle stage writes
 * {@code transcript.json}, the keyword stage reads it and writes {@code keywords.json} to S3), and the Redis corpus
 * {@code rp:keyword:df} counts each asset once, however often it is processed.
 */
@WithDevStack
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = {KeywordWorkerApplication.class, KeywordWorkerIT.FakeSubtitle.class}, properties = {
    "reelpipe.runtime.backoff-initial=100ms",
    "reelpipe.runtime.shutdown-grace=5s",
    "reelpipe.runtime.heartbeat-interval=1s"})
class KeywordWorkerIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SUBTITLE = "it-subtitle";
    static final String TENANT = "acme";

    @DynamicPropertySource
    static void devstack(DynamicPropertyRegistry registry) {
        DevStackExtension.shared().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    /** Transcript text per asset, written by the stand-in subtitle stage. */
    static final Map<String, String> SPEECH = new ConcurrentHashMap<>();

    /** A stand-in for the subtitle worker: uploads {@code transcript.json} (cues only) for the asset. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FakeSubtitle {
        @Bean
        Filter<NoParams> itSubtitleFilter() {
            return new Filter<>() {
                @Override
                public String name() {
                    return SUBTITLE;
                }

                @Override
                public Class<NoParams> parametersType() {
                    return NoParams.class;
                }

                @Override
                public Mono<StageResult> run(StageContext<NoParams> ctx) {
                    return Mono.fromCallable(() -> {
                        String text = SPEECH.getOrDefault(ctx.assetId(), "");
                        String json = KeywordFilter.JSON.writeValueAsString(new Transcript(1, "en", "speech", "test",
                                "none", text, List.of(), List.of(new Transcript.Cue(0.5, 9.5, text)), null));
                        return Files.writeString(ctx.scratch().resolve("transcript.json"), json);
                    }).subscribeOn(Schedulers.boundedElastic())
                            .flatMap(f -> ctx.upload("transcript.json", f, "application/json", Map.of()))
                            .map(out -> StageResult.of(List.of(out)));
                }
            };
        }
    }

    /** The stand-in takes no parameters. */
    record NoParams() {
    }

    @Autowired
    MessageBus bus;
    @Autowired
    JobStatusStore status;
    @Autowired
    ObjectStore store;
    @Autowired
    KeywordConfiguration.EmbedderHolder holder;
    @Autowired
    DocumentFrequencies corpus;
    @Autowired
    @Qualifier("reelpipeRedisConnection")
    StatefulRedisConnection<String, String> redis;

    @Test
    void keywordJobsRunThroughTheRuntimeAndTheRedisCorpusCountsEachAssetOnce(CapturedOutput output) throws Exception {
        // the model: loaded once at start, on the CPU here, logged with its device
        assertThat(holder.embedder()).as("embedder (reason: %s)", holder.reason()).isNotNull();
        assertThat(corpus).isInstanceOf(RedisDocumentFrequencies.class);
        RedisCommands<String, String> r = redis.sync();
        long docsBefore = documents(r);

        String assetA = "kw-a-" + UUID.randomUUID();
        SPEECH.put(assetA, "Meet the Stride Aero running shoes. A responsive foam midsole and a breathable mesh upper "
                + "keep you fast on marathon training runs. Stride Aero running shoes, built for runners.");
        Map<String, String> metaA = Map.of("title", "Stride Aero running shoes", "description",
                "Lightweight running shoes for marathon training", "tags", "running shoes, marathon");
        JsonNode first = runJob(assetA, metaA);
        assertThat(first.get("method").asString()).isEqualTo("embedding");
        assertThat(first.get("embedder").get("model").asString()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(first.get("inputs").get("transcript").asBoolean()).isTrue();
        List<String> keywords = first.get("keywords").valueStream().map(k -> k.get("keyword").asString()).toList();
        assertThat(keywords).hasSizeBetween(5, 10).contains("running shoes");
        assertThat(first.get("keywords").valueStream()
                .filter(k -> k.get("sources").toString().contains("speech")).findFirst()).get()
                .satisfies(k -> assertThat(k.get("ranges").size()).isPositive());
        assertThat(documents(r)).isEqualTo(docsBefore + 1);
        assertThat(r.sismember(RedisDocumentFrequencies.SEEN_KEY, assetA)).isTrue();
        long midsole = Long.parseLong(r.hget(RedisDocumentFrequencies.KEY, "midsole"));
        assertThat(midsole).isPositive();

        // the same asset again (a re-run job, or a redelivered task that reaches the filter): not counted twice
        JsonNode again = runJob(assetA, metaA);
        assertThat(again.get("keywords").size()).isPositive();
        assertThat(again.get("corpusDocuments").asLong()).isEqualTo(docsBefore + 1);
        assertThat(documents(r)).isEqualTo(docsBefore + 1);
        assertThat(Long.parseLong(r.hget(RedisDocumentFrequencies.KEY, "midsole"))).isEqualTo(midsole);

        // concurrent records of one document: one SADD wins
        String assetC = "kw-c-" + UUID.randomUUID();
        Mono.when(corpus.record(assetC, Set.of("zebracorn")), corpus.record(assetC, Set.of("zebracorn"))).block(WAIT);
        assertThat(r.hget(RedisDocumentFrequencies.KEY, "zebracorn")).isEqualTo("1");
        assertThat(documents(r)).isEqualTo(docsBefore + 2);

        // another asset is counted, and sees the corpus so far
        String assetB = "kw-b-" + UUID.randomUUID();
        SPEECH.put(assetB, "Northfield Bank savings accounts pay four percent interest with no monthly fees.");
        JsonNode other = runJob(assetB, Map.of("title", "Northfield Bank savings account"));
        assertThat(other.get("corpusDocuments").asLong()).isEqualTo(docsBefore + 2);
        assertThat(documents(r)).isEqualTo(docsBefore + 3);

        // one model for the whole worker, however many tasks ran
        assertThat(output.getOut().lines().filter(l -> l.contains("event=keyword-model ")).count()).isEqualTo(1);
        assertThat(output.getOut()).contains("event=keyword-model engine=OnnxRuntime");
    }

    /** Launches subtitle → keyword for the asset, waits for COMPLETED and returns the asset's keywords.json. */
    private JsonNode runJob(String assetId, Map<String, String> metadata) throws Exception {
        String job = "kw-job-" + UUID.randomUUID();
        ObjectRef src = store.putBytes(ObjectKeys.source(TENANT, assetId), "not a video".getBytes(StandardCharsets.UTF_8),
                "video/mp4").block(WAIT);
        Pipeline p = Pipeline.named("keyword-it")
                .stage("subtitles", SUBTITLE)
                .stage("keywords", "keyword", Map.of("top", 10), "subtitles")
                .build();
        JobLauncher.launch(bus, status, job, assetId, TENANT, p, src, Map.of(), metadata, null).block(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<JobSnapshot> s = Optional.empty();
        while (System.nanoTime() < deadline) {
            s = status.snapshot(job).block(WAIT);
            if (s.isPresent() && s.get().state().terminal()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(s).as("job %s", job).get().extracting(JobSnapshot::state).isEqualTo(JobState.COMPLETED);
        String key = ObjectKeys.stageOutput(TENANT, assetId, "keywords", KeywordFilter.OUTPUT);
        byte[] json = store.getBytes(key).block(WAIT);
        return KeywordFilter.JSON.readTree(json);
    }

    private static long documents(RedisCommands<String, String> r) {
        String v = r.hget(RedisDocumentFrequencies.KEY, "#documents");
        return v == null ? 0 : Long.parseLong(v);
    }
}
