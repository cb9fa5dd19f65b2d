package io.reelpipe.catalog.document;

import io.reelpipe.pipeline.wire.StageManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Collects the parts {@link DocumentLoader} read for one asset into an {@link AssetDocument}. Not thread-safe. */
final class DocumentAssembler {

    /** Words per segment when the transcript has word times but no cues. */
    static final int WORDS_PER_SEGMENT = 12;

    private final String tenant;
    private final String assetId;
    private final JsonNode descriptor;
    private final List<StageManifest> stages;
    private String transcriptLanguage;
    private String transcriptSource;
    private String transcriptText;
    private final List<AssetDocument.Segment> segments = new ArrayList<>();
    private final StringBuilder captions = new StringBuilder();
    private final StringBuilder onScreen = new StringBuilder();
    private final List<AssetDocument.Keyword> keywords = new ArrayList<>();
    private float[] embedding;
    private String embeddingModel;
    private boolean hasCaptions;

    DocumentAssembler(String tenant, String assetId, JsonNode descriptor, List<StageManifest> stages) {
        this.tenant = tenant;
        this.assetId = assetId;
        this.descriptor = descriptor;
        this.stages = stages;
    }

    void transcript(JsonNode t) {
        transcriptText = text(t.path("text"));
        transcriptSource = text(t.path("source"));
        for (JsonNode c : t.path("cues")) {
            String cue = text(c.path("text"));
            if (cue != null) {
                segments.add(new AssetDocument.Segment(c.path("start").asDouble(), c.path("end").asDouble(), cue));
            }
        }
        JsonNode words = t.path("words");
        if (segments.isEmpty() && words.size() > 0) {
            for (int i = 0; i < words.size(); i += WORDS_PER_SEGMENT) {
                StringBuilder sb = new StringBuilder();
                int last = Math.min(words.size(), i + WORDS_PER_SEGMENT) - 1;
                for (int w = i; w <= last; w++) {
                    sb.append(w == i ? "" : " ").append(words.get(w).path("word").asString(""));
                }
                segments.add(new AssetDocument.Segment(words.get(i).path("start").asDouble(),
                        words.get(last).path("end").asDouble(), sb.toString()));
            }
        }
        if (transcriptText == null && !segments.isEmpty()) {
            transcriptText = String.join(" ", segments.stream().map(AssetDocument.Segment::text).toList());
        }
        if (segments.isEmpty() && transcriptText != null) {
            segments.add(new AssetDocument.Segment(null, null, transcriptText));
        }
        if (transcriptText != null) {
            transcriptLanguage = TextLanguage.normalise(text(t.path("language")), transcriptText);
        }
    }

    void keywords(JsonNode k) {
        for (JsonNode kw : k.path("keywords")) {
            String word = text(kw.path("keyword"));
            if (word == null) {
                continue;
            }
            List<AssetDocument.Range> ranges = new ArrayList<>();
            for (JsonNode r : kw.path("ranges")) {
                ranges.add(new AssetDocument.Range(r.path("start").asDouble(), r.path("end").asDouble()));
            }
            keywords.add(new AssetDocument.Keyword(word, kw.path("score").asDouble(), ranges));
        }
    }

    void embedding(JsonNode e) {
        JsonNode v = e.path("vector");
        if (v.size() == 0) {
            return;
        }
        float[] vec = new float[v.size()];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = (float) v.get(i).asDouble();
        }
        embedding = vec;
        embeddingModel = text(e.path("model"));
    }

    /** WebVTT without the header, cue timings, ids and NOTE blocks. */
    void captions(String vtt) {
        for (String line : vtt.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("WEBVTT") || l.contains("-->") || l.startsWith("NOTE")
                    || l.matches("\\d+")) {
                continue;
            }
            captions.append(captions.isEmpty() ? "" : " ").append(l.replaceAll("<[^>]+>", ""));
        }
    }

    /** Every string under a {@code text} key of an OCR stage's JSON, in order, without repeats. */
    void onScreenText(JsonNode ocr) {
        Set<String> seen = new LinkedHashSet<>(Arrays.asList(onScreen.toString().split("\n")));
        collectText(ocr, seen);
        onScreen.setLength(0);
        onScreen.append(String.join("\n", seen.stream().filter(s -> !s.isBlank()).toList()));
    }

    private static void collectText(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            for (var e : n.properties()) {
                if ("text".equals(e.getKey()) && e.getValue().isString()) {
                    out.add(e.getValue().asString().strip());
                } else {
                    collectText(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                collectText(c, out);
            }
        }
    }

    void hasCaptions(boolean v) {
        hasCaptions = v;
    }

    AssetDocument build() {
        JsonNode meta = descriptor.path("metadata");
        JsonNode media = descriptor.path("media");
        JsonNode video = media.path("video");
        String title = firstText(descriptor.path("title"), meta.path("title"));
        String description = text(meta.path("description"));
        List<String> tags = new ArrayList<>();
        String rawTags = text(meta.path("tags"));
        if (rawTags != null) {
            for (String t : rawTags.split("[,;\\n]")) {
                if (!t.isBlank() && !tags.contains(t.strip())) {
                    tags.add(t.strip());
                }
            }
        }
        String filename = firstText(descriptor.path("filename"), meta.path("filename"));
        Instant updated = stages.stream().map(StageManifest::completedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        Instant created = descriptor.path("createdAt").isString()
                ? Instant.parse(descriptor.path("createdAt").asString()) : updated;
        List<String> jobIds = stages.stream().map(StageManifest::jobId).filter(Objects::nonNull).distinct().sorted()
                .toList();
        String pipeline = text(descriptor.path("pipeline"));
        Set<String> languages = new LinkedHashSet<>();
        if (transcriptLanguage != null) {
            languages.add(transcriptLanguage);
        }
        for (JsonNode a : media.path("audioStreams")) {
            String l = text(a.path("language"));
            if (l != null && !"und".equals(l)) {
                languages.add(TextLanguage.normalise(l, null));
            }
        }
        String metaText = String.join(" ", java.util.stream.Stream.of(title, description, String.join(" ", tags))
                .filter(Objects::nonNull).toList());
        if (!metaText.isBlank()) {
            languages.add(TextLanguage.detect(metaText));
        }
        Double duration = media.path("durationSeconds").isNumber() ? media.path("durationSeconds").asDouble() : null;
        Integer width = intOrNull(video.path("displayWidth"), video.path("width"));
        Integer height = intOrNull(video.path("displayHeight"), video.path("height"));
        Double fps = video.path("frameRate").isNumber() ? video.path("frameRate").asDouble() : null;
        Boolean hasAudio = media.path("audioStreams").isArray() ? media.path("audioStreams").size() > 0 : null;
        return new AssetDocument(tenant, assetId, title, description, tags, filename, pipeline, created, updated,
                jobIds, transcriptLanguage, transcriptSource, transcriptText, segments,
                captions.isEmpty() ? null : captions.toString(), keywords,
                onScreen.isEmpty() ? null : onScreen.toString(), duration, width, height, fps, hasAudio,
                List.copyOf(languages), hasCaptions, embedding, embeddingModel);
    }

    private static Integer intOrNull(JsonNode a, JsonNode b) {
        JsonNode n = a.isNumber() && a.asInt() > 0 ? a : b;
        return n.isNumber() ? n.asInt() : null;
    }

    private static String firstText(JsonNode a, JsonNode b) {
        String t = text(a);
        return t != null ? t : text(b);
    }

    private static String text(JsonNode n) {
        if (n == null || !n.isString()) {
            return null;
        }
        String s = n.asString().strip();
        return s.isEmpty() ? null : s;
    }
}
