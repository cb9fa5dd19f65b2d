package io.reelpipe.catalog;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ad as the pipeline leaves it in storage: ingest's {@code asset.json}, the subtitle stage's
 * {@code transcript.json} + {@code en.vtt} + manifest, the keyword stage's {@code keywords.json} +
 * {@code embedding.json} + manifest; and the events the stage runtime publishes for them.
 *
 * @param sentences the spoken script, one cue per sentence (3 s each)
 */
record StoredAd(String tenant, String assetId, String jobId, String title, String tags, String language,
                List<String> sentences, List<String> keywords, int width, int height, double duration) {

    static final Duration WAIT = Duration.ofSeconds(30);

    String script() {
        return String.join(" ", sentences);
    }

    /** What the keyword stage embeds as the document: title, tags, speech. */
    String documentText() {
        return title + ". " + tags + ". " + script();
    }

    /** Writes every object of the ad; returns the manifests in stage order. */
    List<StageManifest> store(ObjectStore store, float[] embedding) {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("durationSeconds", duration);
        media.put("video", Map.of("width", width, "height", height, "displayWidth", width, "displayHeight", height,
                "frameRate", 25.0));
        media.put("audioStreams", List.of(Map.of("codec", "aac", "channels", 2)));
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("schemaVersion", 1);
        descriptor.put("assetId", assetId);
        descriptor.put("tenant", tenant);
        descriptor.put("filename", assetId + "_final.mp4");
        descriptor.put("title", title);
        descriptor.put("metadata", Map.of("title", title, "tags", tags, "filename", assetId + "_final.mp4"));
        descriptor.put("pipeline", "ad-standard");
        descriptor.put("media", media);
        descriptor.put("createdAt", "2026-11-0" + (1 + Math.abs(assetId.hashCode() % 9)) + "T10:00:00Z");
        put(store, ObjectKeys.assetDescriptor(tenant, assetId), WireFormat.writeString(descriptor));

        List<Map<String, Object>> cues = new ArrayList<>();
        List<Map<String, Object>> words = new ArrayList<>();
        StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
        for (int i = 0; i < sentences.size(); i++) {
            double start = i * 3.0;
            cues.add(Map.of("start", start, "end", start + 3.0, "text", sentences.get(i)));
            String[] ws = sentences.get(i).split(" ");
            for (int w = 0; w < ws.length; w++) {
                double t = start + 3.0 * w / ws.length;
                words.add(Map.of("word", ws[w], "start", t, "end", t + 3.0 / ws.length, "confidence", 0.9));
            }
            vtt.append(String.format("00:00:%02d.000 --> 00:00:%02d.000%n%s%n%n", (int) start, (int) start + 3,
                    sentences.get(i)));
        }
        String transcript = WireFormat.writeString(Map.of("schemaVersion", 1, "language", language, "source", "speech",
                "engine", "test", "model", "test", "text", script(), "words", words, "cues", cues));
        String transcriptKey = ObjectKeys.stageOutput(tenant, assetId, "subtitles", "transcript.json");
        String vttKey = ObjectKeys.stageOutput(tenant, assetId, "subtitles", language + ".vtt");
        put(store, transcriptKey, transcript);
        put(store, vttKey, vtt.toString());
        StageManifest subtitles = new StageManifest(1, jobId, assetId, tenant, "subtitles", "subtitle", List.of(
                new OutputFile("transcript.json", transcriptKey, "application/json", transcript.length(), Map.of()),
                new OutputFile(language + ".vtt", vttKey, "text/vtt", vtt.length(), Map.of("language", language))),
                Map.of(), Instant.now());

        List<Map<String, Object>> kws = new ArrayList<>();
        for (int i = 0; i < keywords.size(); i++) {
            kws.add(Map.of("keyword", keywords.get(i), "score", 0.9 - i * 0.1, "sources", List.of("speech"),
                    "ranges", List.of(Map.of("start", 3.0, "end", 4.5))));
        }
        String kwJson = WireFormat.writeString(Map.of("schemaVersion", 1, "assetId", assetId, "method", "embedding",
                "keywords", kws));
        String embJson = WireFormat.writeString(Map.of("schemaVersion", 1, "model", "all-MiniLM-L6-v2",
                "dimension", embedding.length, "vector", embedding));
        String kwKey = ObjectKeys.stageOutput(tenant, assetId, "keywords", "keywords.json");
        String embKey = ObjectKeys.stageOutput(tenant, assetId, "keywords", "embedding.json");
        put(store, kwKey, kwJson);
        put(store, embKey, embJson);
        StageManifest keywordsStage = new StageManifest(1, jobId, assetId, tenant, "keywords", "keyword", List.of(
                new OutputFile("keywords.json", kwKey, "application/json", kwJson.length(), Map.of()),
                new OutputFile("embedding.json", embKey, "application/json", embJson.length(), Map.of())),
                Map.of(), Instant.now());
        for (StageManifest m : List.of(subtitles, keywordsStage)) {
            put(store, ObjectKeys.manifest(tenant, assetId, m.stage()), WireFormat.writeString(m));
        }
        return List.of(subtitles, keywordsStage);
    }

    /** StageCompleted per manifest, then JobCompleted: what the stage runtime publishes. */
    static void publish(MessageBus bus, List<StageManifest> manifests) {
        for (StageManifest m : manifests) {
            bus.send(TaskMessages.event(new StageEvent.StageCompleted(1, m.jobId(), m.stage(), m.filter(), 1, m,
                    Instant.now()), null)).block(WAIT);
        }
        bus.send(TaskMessages.event(new StageEvent.JobCompleted(1, manifests.get(0).jobId(), Instant.now()), null))
                .block(WAIT);
    }

    private static void put(ObjectStore store, String key, String text) {
        store.putBytes(key, text.getBytes(StandardCharsets.UTF_8), "application/json").block(WAIT);
    }
}
