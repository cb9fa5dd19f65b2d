package io.reelpipe.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.testing.LocalStageContext;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The ad: no title, a voice-over the engine got wrong (and knew it), the brand and product on screen. Keywords
 * come from the screen, with when it was shown; none from the junk speech.
 */
class ScreenAndSpeechTrustTest {

    static final String OCR = """
            {"schemaVersion":1,"engine":"tesseract 5.5.2","items":[
             {"id":1,"text":"AURORA","language":"en","confidence":93.0,"frames":6,"ranges":[{"start":0.5,"end":3.5}]},
             {"id":2,"text":"Electric Bicycle","language":"en","confidence":95.1,"frames":6,"ranges":[{"start":3.6,"end":6.5}]},
             {"id":3,"text":"Battery that lasts all week","language":"en","confidence":91.0,"frames":5,"ranges":[{"start":7,"end":9.5}]},
             {"id":4,"text":"Visit your nearest store","language":"en","confidence":90.2,"frames":5,"ranges":[{"start":10,"end":12}]}]}
            """;

    /** What Sphinx heard in the issue, with the lattice posteriors it now reports, judged unintelligible. */
    static String transcript(boolean intelligible, String lowConfidence) {
        String[] words = "using the new icicle jarreau caught up with a bottle it up oswalt week jarriel the ordeal".split(" ");
        StringBuilder ws = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            double conf = words[i].equals("bottle") ? 0.95 : 0.2;
            ws.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"word\":\"%s\",\"start\":%.1f,\"end\":%.1f,\"confidence\":%.2f}", words[i], i * 0.5, i * 0.5 + 0.4, conf));
        }
        return "{\"schemaVersion\":1,\"language\":\"en\",\"source\":\"speech\",\"engine\":\"sphinx\",\"model\":\"en-us\","
                + "\"text\":\"" + String.join(" ", words) + "\",\"words\":[" + ws + "],\"cues\":[],"
                + "\"confidence\":0.24,\"intelligible\":" + intelligible + ",\"lowConfidence\":" + lowConfidence + "}";
    }

    static StageManifest manifest(String stage, String name) {
        return new StageManifest(1, "job-1", "asset-1", "acme", stage, stage, List.of(new OutputFile(name,
                "acme/asset-1/" + stage + "/" + name, "application/json", 100, Map.of())), Map.of(), Instant.now());
    }

    static JsonNode run(String transcript, Path dir, int top) throws Exception {
        KeywordFilter filter = new KeywordFilter(new KeywordExtractor(new CandidateExtractor(),
                new InMemoryDocumentFrequencies(), null, "test: statistical", 100, 0.7));
        var ctx = LocalStageContext.builder("keyword", new KeywordParameters(top, null, "statistical", null)).root(dir)
                .tenant("acme").asset("asset-1").jobId("job-1")
                .upstream(Map.of("subtitle", manifest("subtitle", "transcript.json"), "ocr", manifest("ocr", "ocr.json")))
                .metadata(Map.of()).build();
        ctx.put("acme/asset-1/subtitle/transcript.json", transcript.getBytes(StandardCharsets.UTF_8));
        ctx.put("acme/asset-1/ocr/ocr.json", OCR.getBytes(StandardCharsets.UTF_8));
        StageResult r = filter.run(ctx).block(Duration.ofSeconds(30));
        assertThat(r.details()).containsEntry("screenTexts", 4);
        return KeywordFilter.JSON.readTree(ctx.readBytes("keywords.json"));
    }

    static List<String> keywords(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.get("keywords").forEach(k -> out.add(k.get("keyword").asString()));
        return out;
    }

    @Test
    void anUnintelligibleTranscriptGivesNoKeywordsAndTheScreenGivesTheBrand(@TempDir Path dir) throws Exception {
        JsonNode json = run(transcript(false, "[{\"start\":0,\"end\":7.9,\"words\":16}]"), dir, 10);
        List<String> kws = keywords(json);
        assertThat(kws.subList(0, 3)).allSatisfy(k -> assertThat(List.of("aurora", "AURORA", "electric bicycle",
                "battery", "store", "nearest store", "bicycle", "week", "visit")).anySatisfy(ok -> assertThat(k).contains(ok)));
        assertThat(String.join(" ", kws)).contains("AURORA").contains("bicycle").doesNotContain("jarreau")
                .doesNotContain("icicle").doesNotContain("ordeal");
        json.get("keywords").forEach(k -> assertThat(k.get("sources").toString()).doesNotContain("speech"));
        assertThat(json.get("inputs").get("speech").asString()).startsWith("not used: unintelligible");
        JsonNode aurora = json.get("keywords").get(kws.indexOf("AURORA"));
        assertThat(aurora.get("sources").toString()).isEqualTo("[\"ocr\"]");
        assertThat(aurora.get("shown").get(0).get("start").asDouble()).isEqualTo(0.5);
        assertThat(aurora.get("shown").get(0).get("end").asDouble()).isEqualTo(3.5);
    }

    @Test
    void unsureStretchesAreLeftOutAndSpeechOnlyKeywordsComeAfterScreenOnes(@TempDir Path dir) throws Exception {
        // intelligible overall, but every word except "bottle" (4.5-4.9 s) inside an unsure stretch
        JsonNode json = run(transcript(true, "[{\"start\":0,\"end\":4.4,\"words\":9},{\"start\":5.0,\"end\":8.4,\"words\":7}]"), dir, 30);
        List<String> kws = keywords(json);
        assertThat(kws).contains("bottle").doesNotContain("jarreau", "icicle", "oswalt", "ordeal");
        int bottle = kws.indexOf("bottle");
        for (int i = 0; i < bottle; i++) {
            assertThat(json.get("keywords").get(i).get("sources").toString()).contains("ocr");
        }
        assertThat(json.get("keywords").get(bottle).get("ranges").get(0).get("start").asDouble()).isEqualTo(4.5);
        assertThat(json.get("inputs").get("speech").asString()).contains("confident words only")
                .contains("ranked below screen and metadata");
    }
}
