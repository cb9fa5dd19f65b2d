package io.reelpipe.transcode.chunk;

import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.WireFormat;
import io.reelpipe.transcode.ladder.Rung;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunk checkpoints in object storage, through the stage's own {@link StageContext}: a chunk's files go to
 * {@code {tenant}/{assetId}/{stage}/chunks/{nnnnn}/{rung}.ts} and then {@code chunks/{nnnnn}/chunk.json} (the commit
 * marker, written last). Keys are deterministic, so a redelivered task finds what an earlier attempt finished.
 * Blocking: called from the chunk threads of {@link ChunkedTranscoder}.
 */
public class ObjectStoreCheckpoints implements ChunkCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ObjectStoreCheckpoints.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final StageContext<?> ctx;

    public ObjectStoreCheckpoints(StageContext<?> ctx) {
        this.ctx = ctx;
    }

    static String base(ChunkPlan.Chunk chunk) {
        return "chunks/" + chunk.id() + "/";
    }

    /** Every checkpoint object of a plan, relative to the stage folder: all commit markers first, then the files. */
    public static List<String> objectNames(ChunkPlan plan, List<Rung> rungs) {
        List<String> out = new ArrayList<>();
        for (ChunkPlan.Chunk c : plan.chunks()) {
            out.add(base(c) + "chunk.json");
        }
        for (ChunkPlan.Chunk c : plan.chunks()) {
            for (Rung r : rungs) {
                out.add(base(c) + r.name() + ".ts");
            }
        }
        return out;
    }

    private ObjectRef ref(String relative) {
        return new ObjectRef(ctx.source().bucket(),
                ObjectKeys.stageOutput(ctx.tenant(), ctx.assetId(), ctx.stage(), relative), -1, null, null);
    }

    @Override
    public boolean has(ChunkPlan.Chunk chunk, String fingerprint) {
        try {
            Path manifestFile = ctx.download(ref(base(chunk) + "chunk.json")).block(TIMEOUT);
            if (manifestFile == null) {
                return false;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = WireFormat.read(Files.readAllBytes(manifestFile), Map.class);
            Files.deleteIfExists(manifestFile);
            return fingerprint.equals(m.get("fingerprint"));
        } catch (IOException | RuntimeException e) {
            return false; // not there (or unreadable)
        }
    }

    @Override
    public Optional<Map<String, Path>> restore(ChunkPlan.Chunk chunk, String fingerprint, Path dir) {
        Path manifestFile;
        try {
            manifestFile = ctx.download(ref(base(chunk) + "chunk.json")).block(TIMEOUT);
        } catch (RuntimeException e) {
            return Optional.empty(); // not there (or unreadable): encode it
        }
        if (manifestFile == null) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = WireFormat.read(Files.readAllBytes(manifestFile), Map.class);
            if (!fingerprint.equals(m.get("fingerprint"))) {
                log.info("event=chunk-checkpoint-stale chunk={}", chunk.id());
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> files = (Map<String, Object>) m.get("files");
            Map<String, Path> out = new LinkedHashMap<>();
            for (var e : files.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) e.getValue();
                Path local = ctx.download(ref(base(chunk) + f.get("name"))).block(TIMEOUT);
                if (local == null || Files.size(local) != ((Number) f.get("size")).longValue()) {
                    return Optional.empty();
                }
                Path target = dir.resolve(String.valueOf(f.get("name")));
                Files.move(local, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                out.put(e.getKey(), target);
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            log.warn("event=chunk-checkpoint-unusable chunk={} reason=\"{}\"", chunk.id(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public boolean save(ChunkPlan.Chunk chunk, String fingerprint, Map<String, Path> files) {
        try {
            Map<String, Object> listed = new LinkedHashMap<>();
            for (var e : files.entrySet()) {
                String name = e.getValue().getFileName().toString();
                ctx.upload(base(chunk) + name, e.getValue(), "video/mp2t", Map.of("chunk", chunk.index()))
                        .block(TIMEOUT);
                listed.put(e.getKey(), Map.of("name", name, "size", Files.size(e.getValue())));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", fingerprint);
            m.put("index", chunk.index());
            m.put("start", chunk.start());
            m.put("duration", chunk.duration());
            m.put("files", listed);
            Path mf = files.values().iterator().next().resolveSibling("chunk.json");
            Files.write(mf, WireFormat.write(m));
            ctx.upload(base(chunk) + "chunk.json", mf, "application/json", Map.of("chunk", chunk.index()))
                    .block(TIMEOUT);
            return true;
        } catch (IOException | RuntimeException e) {
            // a lost checkpoint only costs a re-encode on retry: keep going
            log.warn("event=chunk-checkpoint-failed chunk={} reason=\"{}\"", chunk.id(), e.toString());
            return false;
        }
    }
}
