package io.reelpipe.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.embedding.BatchingEmbedder;
import io.reelpipe.keyword.embedding.EmbedderInfo;
import io.reelpipe.keyword.embedding.SentenceEmbedder;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.testing.LocalStageContext;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The filter end to end through a local-folder StageContext; the embedder is a deterministic stand-in (no model). */
class KeywordFilterTest {

    static final String TRANSCRIPT = """
            {"schemaVersion":1,"language":"en","source":"speech","engine":"sphinx4","model":"en-us",
             "text":"Meet the Voltra electric SUV. Fast charging and a long battery range. The Voltra electric SUV.",
             "words":[
               {"word":"Meet","start":0.1,"end":0.3,"confidence":0.9},{"word":"the","start":0.3,"end":0.4,"confidence":0.9},
               {"word":"Voltra","start":0.4,"end":0.9,"confidence":0.9},{"word":"electric","start":0.9,"end":1.3,"confidence":0.9},
               {"word":"SUV.","start":1.3,"end":1.8,"confidence":0.9},{"word":"Fast","start":2.0,"end":2.3,"confidence":0.9},
               {"word":"charging","start":2.3,"end":2.8,"confidence":0.9},{"word":"and","start":2.8,"end":2.9,"confidence":0.9},
               {"word":"a","start":2.9,"end":3.0,"confidence":0.9},{"word":"long","start":3.0,"end":3.2,"confidence":0.9},
               {"word":"battery","start":3.2,"end":3.6,"confidence":0.9},{"word":"range.","start":3.6,"end":4.0,"confidence":0.9},
               {"word":"The","start":5.0,"end":5.1,"confidence":0.9},{"word":"Voltra","start":5.1,"end":5.5,"confidence":0.9},
               {"word":"electric","start":5.5,"end":5.9,"confidence":0.9},{"word":"SUV","start":5.9,"end":6.4,"confidence":0.9}],
             "cues":[{"start":0.1,"end":4.0,"text":"Meet the Voltra electric SUV. Fast charging and a long battery range."},
                     {"start":5.0,"end":6.4,"text":"The Voltra electric SUV."}],
             "note":"test","futureField":42}
            """;

    /** Embeds by letters: texts sharing letters are similar. Good enough to exercise the embedding path. */
    static final class LetterEmbedder implements SentenceEmbedder {
        @Override
        public float[][] embed(List<String> texts) {
            float[][] out = new float[texts.size()][26];
            for (int i = 0; i < texts.size(); i++) {
                for (char c : texts.get(i).toLowerCase().toCharArray()) {
                    if (c >= 'a' && c <= 'z') {
                        out[i][c - 'a']++;
                    }
                }
                double n = 0;
                for (float v : out[i]) {
                    n += v * v;
                }
                for (int k = 0; k < 26; k++) {
                    out[i][k] /= (float) Math.max(1e-9, Math.sqrt(n));
                }
            }
            return out;
        }

        @Override
        public EmbedderInfo info() {
            return new EmbedderInfo("letters", "test", "cpu()", 26);
        }
    }

    static final String TRANSCRIPT_KEY = "acme/asset-1/subtitles/transcript.json";

    private static LocalStageContext<KeywordParameters> context(Map<String, StageManifest> upstream,
            Map<String, String> metadata, KeywordParameters params, Path dir) {
        return LocalStageContext.builder("keywords", params).root(dir).tenant("acme").asset("asset-1").jobId("job-1")
                .upstream(upstream).metadata(metadata).build();
    }

    private static StageManifest subtitleManifest() {
        return new StageManifest(1, "job-1", "asset-1", "acme", "subtitles", "subtitle",
                List.of(new OutputFile("en.vtt", "acme/asset-1/subtitles/en.vtt", "text/vtt", 10, Map.of()),
                        new OutputFile("transcript.json", "acme/asset-1/subtitles/transcript.json", "application/json",
                                TRANSCRIPT.length(), Map.of())), Map.of(), Instant.now());
    }

    @Test
    void writesKeywordsJsonWithSourcesAndTimeRanges(@TempDir Path scratch) throws Exception {
        InMemoryDocumentFrequencies corpus = new InMemoryDocumentFrequencies();
        try (BatchingEmbedder embedder = new BatchingEmbedder(new LetterEmbedder(), 4, Duration.ofMillis(5))) {
            // the earlier linear ranking keeps the trigram this test checks ranges on; the hybrid default is below
            KeywordFilter filter = new KeywordFilter(new KeywordExtractor(new CandidateExtractor(), corpus, embedder,
                    null, 100, 0.7, null));
            Map<String, String> metadata = Map.of("title", "Voltra electric SUV", "description", "Launch spot",
                    "tags", "cars, EV, road trips", "filename", "voltra.mp4");
            var ctx = context(Map.of("subtitles", subtitleManifest()), metadata,
                    new KeywordParameters(10, 0.6, null, null), scratch);
            ctx.put(TRANSCRIPT_KEY, TRANSCRIPT.getBytes(StandardCharsets.UTF_8));

            StageResult result = filter.run(ctx).block(Duration.ofSeconds(30));

            assertThat(result.outputs()).hasSize(2);
            assertThat(result.outputs().get(0)).satisfies(o -> {
                assertThat(o.name()).isEqualTo("keywords.json");
                assertThat(o.key()).isEqualTo("acme/asset-1/keywords/keywords.json");
                assertThat(o.contentType()).isEqualTo("application/json");
            });
            // the document embedding the keywords were ranked against, for semantic search (catalog-service)
            assertThat(result.outputs().get(1)).satisfies(o -> {
                assertThat(o.name()).isEqualTo("embedding.json");
                assertThat(o.key()).isEqualTo("acme/asset-1/keywords/embedding.json");
                assertThat(o.attributes()).containsEntry("dimension", 26).containsEntry("model", "test");
            });
            JsonNode embedding = KeywordFilter.JSON.readTree(ctx.readBytes("embedding.json"));
            assertThat(embedding.get("dimension").asInt()).isEqualTo(26);
            assertThat(embedding.get("model").asString()).isEqualTo("test");
            float[] expected = new LetterEmbedder().embed(List.of(KeywordInput.of("asset-1",
                    KeywordFilter.read(writeTemp(scratch, TRANSCRIPT)), metadata).documentText()))[0];
            assertThat(embedding.get("vector").size()).isEqualTo(26);
            for (int i = 0; i < 26; i++) {
                assertThat(embedding.get("vector").get(i).floatValue()).isEqualTo(expected[i]);
            }
            assertThat(KeywordFilter.JSON.readTree(ctx.readBytes("keywords.json")).has("documentEmbedding")).isFalse();
            assertThat(result.details()).containsEntry("method", "embedding").containsEntry("engine", "letters");
            JsonNode json = KeywordFilter.JSON.readTree(ctx.readBytes("keywords.json"));
            assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(json.get("method").asString()).isEqualTo("embedding");
            assertThat(json.get("language").asString()).isEqualTo("en");
            assertThat(json.get("inputs").get("transcriptSource").asString()).isEqualTo("speech");
            JsonNode keywords = json.get("keywords");
            assertThat(keywords.size()).isBetween(1, 10);
            JsonNode suv = find(keywords, "voltra electric SUV");
            assertThat(suv).as("voltra electric SUV in %s", keywords).isNotNull();
            assertThat(suv.get("sources").toString()).contains("speech", "metadata");
            assertThat(suv.get("ranges").size()).isEqualTo(2);
            assertThat(suv.get("ranges").get(0).get("start").asDouble()).isEqualTo(0.4);
            assertThat(suv.get("ranges").get(0).get("end").asDouble()).isEqualTo(1.8);
            assertThat(suv.get("ranges").get(1).get("start").asDouble()).isEqualTo(5.1);
            assertThat(suv.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(suv.has("similarity")).isTrue();
            // a tag only in metadata: no time ranges
            JsonNode tag = find(keywords, "cars");
            if (tag != null) {
                assertThat(tag.get("sources").toString()).doesNotContain("speech");
                assertThat(tag.get("ranges").size()).isZero();
            }
            assertThat(corpus.documents()).isEqualTo(1);
            assertThat(ctx.progressReports()).isNotEmpty();

            // the default hybrid ranking on the same input: the name alone, with both of its time ranges
            var hybridCtx = context(ctx.task().upstream(), ctx.task().metadata(),
                    new KeywordParameters(10, null, null, null), scratch.resolve("hybrid"));
            hybridCtx.put(TRANSCRIPT_KEY, TRANSCRIPT.getBytes(StandardCharsets.UTF_8));
            new KeywordFilter(new KeywordExtractor(new CandidateExtractor(), corpus, embedder, null, 100, 0.7))
                    .run(hybridCtx).block(Duration.ofSeconds(30));
            JsonNode hybrid = KeywordFilter.JSON.readTree(hybridCtx.readBytes("keywords.json"));
            assertThat(hybrid.get("params").get("diversity").asDouble()).isEqualTo(KeywordParameters.EMBEDDING_DIVERSITY);
            JsonNode voltra = find(hybrid.get("keywords"), "voltra");
            assertThat(voltra).as("voltra in %s", hybrid.get("keywords")).isNotNull();
            assertThat(voltra.get("ranges").size()).isEqualTo(2);
            assertThat(voltra.get("ranges").get(1).get("start").asDouble()).isEqualTo(5.1);
        }
    }

    private static Path writeTemp(Path dir, String text) throws java.io.IOException {
        return java.nio.file.Files.writeString(java.nio.file.Files.createTempFile(dir, "t", ".json"), text);
    }

    @Test
    void metadataOnlyWithoutModelFallsBackToStatistical(@TempDir Path scratch) throws Exception {
        KeywordFilter filter = new KeywordFilter(new KeywordExtractor(new CandidateExtractor(),
                new InMemoryDocumentFrequencies(), null, "reelpipe.keyword.engine is none", 100, 0.7));
        var ctx = context(Map.of(), Map.of("title", "Dashbite food delivery",
                "description", "Hungry? Dashbite delivers food from local restaurants in thirty minutes.",
                "tags", "food delivery, app"), new KeywordParameters(5, 0.6, "embedding", 2), scratch);

        StageResult result = filter.run(ctx).block(Duration.ofSeconds(30));

        assertThat(result.outputs()).extracting(OutputFile::name).containsExactly("keywords.json");
        JsonNode json = KeywordFilter.JSON.readTree(ctx.readBytes("keywords.json"));
        assertThat(json.get("method").asString()).isEqualTo("statistical");
        assertThat(json.get("fallback").asString()).isEqualTo("reelpipe.keyword.engine is none");
        assertThat(json.get("inputs").get("transcript").asBoolean()).isFalse();
        assertThat(json.get("keywords").size()).isBetween(1, 5);
        assertThat(find(json.get("keywords"), "food delivery")).isNotNull();
        for (JsonNode k : json.get("keywords")) {
            assertThat(k.get("sources").toString()).isEqualTo("[\"metadata\"]");
            assertThat(k.has("similarity")).isFalse();
        }
        assertThat(result.details()).containsEntry("method", "statistical").containsEntry("transcript", false);
    }

    @Test
    void emptyInputsGiveAnEmptyListNotAFailure(@TempDir Path scratch) throws Exception {
        KeywordFilter filter = new KeywordFilter(new KeywordExtractor(new CandidateExtractor(),
                new InMemoryDocumentFrequencies(), null, null, 100, 0.7));
        var ctx = context(Map.of(), Map.of("filename", "x.mp4"), KeywordParameters.defaults(), scratch);
        filter.run(ctx).block(Duration.ofSeconds(30));
        JsonNode json = KeywordFilter.JSON.readTree(ctx.readBytes("keywords.json"));
        assertThat(json.get("keywords").size()).isZero();
    }

    @Test
    void malformedTranscriptIsPermanent(@TempDir Path scratch) {
        KeywordFilter filter = new KeywordFilter(new KeywordExtractor(new CandidateExtractor(),
                new InMemoryDocumentFrequencies(), null, null, 100, 0.7));
        var ctx = context(Map.of("subtitles", subtitleManifest()), Map.of(), KeywordParameters.defaults(), scratch);
        ctx.put(TRANSCRIPT_KEY, "{not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> filter.run(ctx).block(Duration.ofSeconds(30)))
                .isInstanceOf(PermanentStageException.class);
    }

    @Test
    void parametersValidateAndDefault() {
        KeywordParameters d = KeywordParameters.defaults();
        assertThat(d.top()).isEqualTo(20);
        assertThat(d.diversity()).isNull();
        assertThat(d.lambda(true)).isEqualTo(KeywordParameters.EMBEDDING_DIVERSITY);
        assertThat(d.lambda(false)).isEqualTo(0.6);
        assertThat(new KeywordParameters(null, 0.3, null, null).lambda(true)).isEqualTo(0.3);
        assertThat(d.method()).isEqualTo("auto");
        assertThat(d.maxNgram()).isEqualTo(3);
        assertThatThrownBy(() -> new KeywordParameters(0, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeywordParameters(null, 1.5, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeywordParameters(null, null, "magic", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new KeywordFilter(null).parameterNames()).containsExactly("top", "diversity", "method", "maxNgram");
    }

    private static JsonNode find(JsonNode keywords, String keyword) {
        for (JsonNode k : keywords) {
            if (k.get("keyword").asString().equalsIgnoreCase(keyword)) {
                return k;
            }
        }
        return null;
    }
}
