package io.reelpipe.transcode.chunk;

import io.reelpipe.pipeline.filter.SharedWork;

/**
 * Offers a chunk plan to the other transcode workers and returns the handle chunks are claimed through. In the
 * platform the stage's context offers one part per chunk on the transcode topic; {@link #LOCAL} offers nothing (one
 * process encodes every chunk).
 */
@FunctionalInterface
public interface ChunkSharing {

    ChunkSharing LOCAL = plan -> SharedWork.local(plan.workId());

    /** Blocking: called from the transcode thread. */
    SharedWork share(SharedChunkPlan plan);
}
