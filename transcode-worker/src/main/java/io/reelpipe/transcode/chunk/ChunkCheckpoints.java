package io.reelpipe.transcode.chunk;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where finished chunks are kept so that a redelivered or retried task (or another worker) does not encode them
 * again. A chunk counts as done only when its manifest is there and names the same fingerprint (same source,
 * ladder, encoder, preset, segment length and time range).
 */
public interface ChunkCheckpoints {

    ChunkCheckpoints NONE = new ChunkCheckpoints() {
        @Override
        public Optional<Map<String, Path>> restore(ChunkPlan.Chunk chunk, String fingerprint, Path dir) {
            return Optional.empty();
        }

        @Override
        public boolean has(ChunkPlan.Chunk chunk, String fingerprint) {
            return false;
        }

        @Override
        public boolean save(ChunkPlan.Chunk chunk, String fingerprint, Map<String, Path> files) {
            return false;
        }
    };

    /** The chunk's files by rung name, downloaded into {@code dir}, when a matching checkpoint exists. */
    Optional<Map<String, Path>> restore(ChunkPlan.Chunk chunk, String fingerprint, Path dir);

    /** True when a checkpoint with this fingerprint is stored (reads the manifest only). */
    boolean has(ChunkPlan.Chunk chunk, String fingerprint);

    /**
     * Stores the chunk's files (by rung name), then its manifest, which makes it count as done. False when it could
     * not be stored (the chunk then only exists locally).
     */
    boolean save(ChunkPlan.Chunk chunk, String fingerprint, Map<String, Path> files);
}
