package io.reelpipe.pipeline.filter;

import io.reelpipe.pipeline.wire.OutputFile;
import java.util.List;
import java.util.Map;

/** What a filter returns: the outputs it uploaded and details for the manifest (measurements, engine used…). */
public record StageResult(List<OutputFile> outputs, Map<String, Object> details) {
    public StageResult {
        outputs = List.copyOf(outputs);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public static StageResult of(List<OutputFile> outputs) {
        return new StageResult(outputs, Map.of());
    }
}
