package io.reelpipe.pipeline.wire;

import java.util.Map;

/**
 * Marks a {@link StageTask} as one part of a stage's shared work ({@link io.reelpipe.pipeline.filter.SharedWork}):
 * the stage that offered it is still running elsewhere; whoever receives the record may help by running the part.
 *
 * @param workId what the offering stage called the work (one attempt's plan, e.g. a chunk plan's fingerprint)
 * @param name   the part to start with
 * @param data   what a helper needs to run any part of the work, the same for every part (plain JSON values)
 */
public record TaskPart(String workId, String name, Map<String, Object> data) {
    public TaskPart {
        if (workId == null || workId.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a task part needs a work id and a part name");
        }
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
