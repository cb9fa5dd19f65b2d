package io.reelpipe.transcode.chunk;

import io.reelpipe.transcode.TranscodeSpec;
import io.reelpipe.transcode.encoder.VideoEncoder;
import io.reelpipe.transcode.ladder.Rung;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What another transcode worker needs to encode any chunk of a long source exactly as the offering stage would:
 * the video part of the spec (rungs, encoder, preset, segment length, frame rate), the chunk ranges and each chunk's
 * fingerprint. It travels as the parts' data ({@link io.reelpipe.pipeline.wire.TaskPart#data()}), plain JSON values.
 *
 * @param workId       identifies this plan: the same source, settings and ranges give the same id, so a retried attempt
 *                     finds the chunks its predecessor's helpers finished
 * @param fingerprints one per chunk, in chunk order ({@link ChunkedTranscoder#fingerprint})
 */
public record SharedChunkPlan(String workId, double durationSeconds, double fps, int segmentSeconds,
                              VideoEncoder encoder, String preset, List<Rung> rungs, List<ChunkPlan.Chunk> chunks,
                              List<String> fingerprints) {

    public SharedChunkPlan {
        rungs = List.copyOf(rungs);
        chunks = List.copyOf(chunks);
        fingerprints = List.copyOf(fingerprints);
        if (chunks.size() != fingerprints.size()) {
            throw new IllegalArgumentException("one fingerprint per chunk");
        }
    }

    public static SharedChunkPlan of(TranscodeSpec spec, ChunkPlan plan, String sourceIdentity) {
        List<String> fps = plan.chunks().stream()
                .map(c -> ChunkedTranscoder.fingerprint(spec, c, sourceIdentity)).toList();
        return new SharedChunkPlan(sha256(String.join(",", fps)).substring(0, 24),
                spec.duration().toMillis() / 1000.0, spec.fps(), spec.segmentSeconds(), spec.encoder(), spec.preset(),
                spec.rungs(), plan.chunks(), fps);
    }

    /** The part names: the chunk ids, in order. */
    public List<String> partNames() {
        return chunks.stream().map(ChunkPlan.Chunk::id).toList();
    }

    public ChunkPlan.Chunk chunk(String id) {
        return chunks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no chunk " + id + " in plan " + workId));
    }

    public String fingerprint(ChunkPlan.Chunk chunk) {
        return fingerprints.get(chunk.index());
    }

    /** The video-only spec a helper encodes chunks with ({@code source} is only a label: chunks read their input). */
    public TranscodeSpec videoSpec(Path source) {
        return new TranscodeSpec(source, Duration.ofMillis(Math.round(durationSeconds * 1000)), fps, rungs, null, 0,
                segmentSeconds, encoder, preset);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "transcode-chunks");
        m.put("workId", workId);
        m.put("durationSeconds", durationSeconds);
        m.put("fps", fps);
        m.put("segmentSeconds", segmentSeconds);
        m.put("encoder", encoder.name());
        m.put("preset", preset);
        m.put("rungs", rungs.stream().map(Rung::toMap).toList());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (ChunkPlan.Chunk c : chunks) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("index", c.index());
            cm.put("start", c.start());
            cm.put("duration", c.duration());
            cm.put("fingerprint", fingerprints.get(c.index()));
            cs.add(cm);
        }
        m.put("chunks", cs);
        return m;
    }

    /** Reads {@link #toMap()}'s shape back; a malformed plan is an {@link IllegalArgumentException}. */
    @SuppressWarnings("unchecked")
    public static SharedChunkPlan fromMap(Map<String, Object> m) {
        try {
            if (!"transcode-chunks".equals(m.get("kind"))) {
                throw new IllegalArgumentException("not a transcode chunk plan: kind=" + m.get("kind"));
            }
            List<Rung> rungs = new ArrayList<>();
            for (Map<String, Object> r : (List<Map<String, Object>>) m.get("rungs")) {
                rungs.add(new Rung((String) r.get("name"), num(r, "width").intValue(), num(r, "height").intValue(),
                        num(r, "videoBitrate").longValue(), num(r, "maxBitrate").longValue(),
                        num(r, "audioBitrate").longValue(), String.valueOf(r.get("level"))));
            }
            List<ChunkPlan.Chunk> chunks = new ArrayList<>();
            List<String> fps = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) m.get("chunks")) {
                chunks.add(new ChunkPlan.Chunk(num(c, "index").intValue(), num(c, "start").doubleValue(),
                        num(c, "duration").doubleValue()));
                fps.add((String) c.get("fingerprint"));
            }
            return new SharedChunkPlan((String) m.get("workId"), num(m, "durationSeconds").doubleValue(),
                    num(m, "fps").doubleValue(), num(m, "segmentSeconds").intValue(),
                    VideoEncoder.valueOf((String) m.get("encoder")), (String) m.get("preset"), rungs, chunks, fps);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("malformed transcode chunk plan: " + e.getMessage(), e);
        }
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("chunk plan field '" + key + "' is not a number: " + v);
        }
        return n;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
