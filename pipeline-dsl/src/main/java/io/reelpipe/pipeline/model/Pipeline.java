package io.reelpipe.pipeline.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline: a named, versioned DAG of stages. Instances built by {@link PipelineYaml} or {@link #named(String)}
 * are validated structurally (no cycles, no missing needs, unique names); filter-specific checks are done by
 * {@link PipelineValidator} against a catalogue of known filters.
 */
public record Pipeline(String name, int version, List<StageDefinition> stages) {

    public Pipeline {
        stages = List.copyOf(stages);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public Optional<StageDefinition> stage(String stageName) {
        return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
    }

    public StageDefinition requireStage(String stageName) {
        return stage(stageName).orElseThrow(() -> new IllegalArgumentException(
                "pipeline " + name + " v" + version + " has no stage '" + stageName + "'"));
    }

    /** Stages that need nothing: dispatched when the job starts. */
    public List<StageDefinition> roots() {
        return stages.stream().filter(s -> s.needs().isEmpty()).toList();
    }

    /** Stages that directly need {@code stageName}. */
    public List<StageDefinition> successorsOf(String stageName) {
        return stages.stream().filter(s -> s.needs().contains(stageName)).toList();
    }

    /** Every stage that depends on {@code stageName}, directly or transitively. */
    public Set<String> dependentsOf(String stageName) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(stageName));
        while (!todo.isEmpty()) {
            for (StageDefinition s : successorsOf(todo.pop())) {
                if (out.add(s.name())) {
                    todo.push(s.name());
                }
            }
        }
        return out;
    }

    /** Stage names in an order where every stage comes after all of its needs. */
    public List<String> topologicalOrder() {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < stages.size()) {
            boolean progressed = false;
            for (StageDefinition s : stages) {
                if (!done.contains(s.name()) && done.containsAll(s.needs())) {
                    done.add(s.name());
                    order.add(s.name());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("pipeline " + name + " has a cycle");
            }
        }
        return order;
    }

    /** Builds the same model as the YAML form, from Java. */
    public static final class Builder {
        private final String name;
        private int version = 1;
        private final Map<String, StageDefinition> stages = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder stage(String stageName, String filter, Map<String, Object> with, String... needs) {
            stages.put(stageName, new StageDefinition(stageName, filter, with, List.of(needs)));
            return this;
        }

        public Builder stage(String stageName, String filter, String... needs) {
            return stage(stageName, filter, Map.of(), needs);
        }

        /** Validates the structure (names, needs, cycles); throws {@link PipelineValidationException}. */
        public Pipeline build() {
            Pipeline p = new Pipeline(name, version, List.copyOf(stages.values()));
            PipelineValidator.structural(p, null).throwIfAny();
            return p;
        }
    }
}
