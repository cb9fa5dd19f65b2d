package io.reelpipe.pipeline.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a stage produced; written as {@code {tenant}/{assetId}/{stage}/manifest.json} and carried to successors. */
public record StageManifest(
        int schemaVersion,
        String jobId,
        String assetId,
        String tenant,
        String stage,
        String filter,
        List<OutputFile> outputs,
        Map<String, Object> details,
        Instant completedAt) {

    public static final int SCHEMA_VERSION = 1;

    public StageManifest {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
