package io.reelpipe.pipeline.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stage of a pipeline: which filter runs, with which parameters, after which stages.
 *
 * @param name   unique within the pipeline; also the folder of the stage's outputs in object storage
 * @param filter the filter (worker pool) that runs it: its tasks go to {@code reelpipe.stage.<filter>}
 * @param with   filter parameters as plain JSON-like values (maps, lists, strings, numbers, booleans)
 * @param needs  names of the stages whose outputs this stage reads; it starts when all of them completed
 */
public record StageDefinition(String name, String filter, Map<String, Object> with, List<String> needs) {
    public StageDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        with = with == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(with));
        needs = needs == null ? List.of() : List.copyOf(needs);
    }
}
