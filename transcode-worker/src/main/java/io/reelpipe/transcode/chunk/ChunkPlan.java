package io.reelpipe.transcode.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GOP-aligned time ranges of a long source. Every chunk starts on a segment boundary (a multiple of the segment
 * length, where every rung has a forced keyframe anyway), so chunks encode independently and join without
 * re-encoding; a remainder shorter than one segment is folded into the last chunk.
 */
public record ChunkPlan(List<Chunk> chunks, double chunkSeconds) {

    /** {@code [start, start + duration)} in source seconds. */
    public record Chunk(int index, double start, double duration) {
        public String id() {
            return String.format(Locale.ROOT, "%05d", index);
        }

        public boolean last(ChunkPlan plan) {
            return index == plan.chunks().size() - 1;
        }
    }

    public ChunkPlan {
        chunks = List.copyOf(chunks);
    }

    public static ChunkPlan of(double durationSeconds, double chunkSeconds, int segmentSeconds) {
        long segs = Math.max(1, Math.round(chunkSeconds / segmentSeconds));
        double c = segs * (double) segmentSeconds;
        List<Chunk> out = new ArrayList<>();
        double start = 0;
        int i = 0;
        while (start < durationSeconds - 1e-6) {
            double rest = durationSeconds - start;
            double d = rest - c < segmentSeconds ? rest : c;
            out.add(new Chunk(i++, start, d));
            start += d;
        }
        return new ChunkPlan(out, c);
    }
}
