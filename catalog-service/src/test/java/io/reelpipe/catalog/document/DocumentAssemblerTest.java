package io.reelpipe.catalog.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentAssemblerTest {

    static final String DESCRIPTOR = """
            {"assetId":"a1","tenant":"acme","filename":"spot_v2.mp4","title":"Voltra E7",
             "metadata":{"title":"Voltra E7","tags":"cars; EV\\nlaunch","description":"Launch spot"},
             "pipeline":"ad-standard","createdAt":"2026-11-02T10:00:00Z",
             "media":{"durationSeconds":31.5,"video":{"width":1920,"height":1080,"displayWidth":1080,
               "displayHeight":1920,"frameRate":29.97},"audioStreams":[{"codec":"aac","language":"kor"}]}}
            """;

    @Test
    void assemblesDescriptorTranscriptKeywordsCaptionsAndOcr() {
        StageManifest m = new StageManifest(1, "job-1", "a1", "acme", "subtitles", "subtitle", List.of(), Map.of(),
                Instant.parse("2026-11-02T10:05:00Z"));
        DocumentAssembler a = new DocumentAssembler("acme", "a1", WireFormat.mapper().readTree(DESCRIPTOR), List.of(m));
        // words without cues: runs of 12 words with their times
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            words.append(i == 0 ? "" : ",").append("{\"word\":\"w").append(i).append("\",\"start\":").append(i)
                    .append(",\"end\":").append(i + 0.5).append("}");
        }
        a.transcript(WireFormat.mapper().readTree("{\"language\":\"en-US\",\"source\":\"speech\",\"words\":["
                + words + "]}"));
        a.keywords(WireFormat.mapper().readTree("""
                {"keywords":[{"keyword":"electric suv","score":0.8,"ranges":[{"start":1.5,"end":2.0}]}]}"""));
        a.captions("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\n<v Anna>Hello there</v>\n\nNOTE x\n");
        a.onScreenText(WireFormat.mapper().readTree("{\"frames\":[{\"time\":1,\"lines\":[{\"text\":\"SALE 50%\"}]},"
                + "{\"time\":2,\"text\":\"SALE 50%\"},{\"text\":\"voltra.com\"}]}"));
        a.hasCaptions(true);
        AssetDocument d = a.build();
        assertThat(d.title()).isEqualTo("Voltra E7");
        assertThat(d.tags()).containsExactly("cars", "EV", "launch");
        assertThat(d.filename()).isEqualTo("spot_v2.mp4");
        assertThat(d.segments()).hasSize(3);
        assertThat(d.segments().get(1).start()).isEqualTo(12.0);
        assertThat(d.segments().get(2).end()).isEqualTo(29.5);
        assertThat(d.transcriptText()).startsWith("w0 w1").contains("w29");
        assertThat(d.transcriptLanguage()).isEqualTo("en");
        assertThat(d.languages()).containsExactly("en", "ko");
        assertThat(d.keywords().get(0).ranges().get(0).start()).isEqualTo(1.5);
        assertThat(d.captionText()).isEqualTo("Hello there");
        assertThat(d.onScreenText()).isEqualTo("SALE 50%\nvoltra.com");
        assertThat(d.orientation()).isEqualTo("portrait"); // the display size, rotation applied
        assertThat(d.durationBucket()).isEqualTo("30-60");
        assertThat(d.fps()).isEqualTo(29.97);
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2026-11-02T10:05:00Z"));
        assertThat(d.jobIds()).containsExactly("job-1");
    }

    @Test
    void onlyStagesWithOutputsTheDocumentUsesTriggerARereadOfAnIndexedAsset() {
        java.util.function.Function<String, List<io.reelpipe.pipeline.wire.OutputFile>> out = name -> List.of(
                new io.reelpipe.pipeline.wire.OutputFile(name, "t/a/s/" + name, null, 1, Map.of()));
        assertThat(DocumentLoader.usesAnyOf(out.apply("transcript.json"))).isTrue();
        assertThat(DocumentLoader.usesAnyOf(out.apply("en.vtt"))).isTrue();
        assertThat(DocumentLoader.usesAnyOf(out.apply("embedding.json"))).isTrue();
        assertThat(DocumentLoader.usesAnyOf(out.apply("frames-ocr.json"))).isTrue();
        assertThat(DocumentLoader.usesAnyOf(out.apply("storyboard.vtt"))).isFalse();
        assertThat(DocumentLoader.usesAnyOf(out.apply("hls/master.m3u8"))).isFalse();
        assertThat(DocumentLoader.usesAnyOf(List.of())).isFalse();
    }

    @Test
    void languageDetectionPicksNoriForHangul() {
        assertThat(TextLanguage.detect("번개배달 음식 배달 앱")).isEqualTo("ko");
        assertThat(TextLanguage.detect("Nova 쿠션 파운데이션 is the K-beauty secret")).isEqualTo("ko");
        assertThat(TextLanguage.detect("Meet the Voltra E7")).isEqualTo("en");
        assertThat(TextLanguage.normalise("kor", null)).isEqualTo("ko");
    }
}
