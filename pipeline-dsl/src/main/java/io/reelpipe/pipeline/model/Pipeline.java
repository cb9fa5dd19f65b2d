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

    /** What a dry run against probed media shows for one stage. */
    public record StagePlan(String name, String filter, List<String> needs, boolean runs, String reason) {
    }

    /**
     * Which stages would run for a source with this media: a stage whose {@code when} is false is SKIPPED; every other
     * stage runs (a condition-skipped need counts as done, see the README).
     */
    public List<StagePlan> plan(Map<String, Object> media) {
        List<StagePlan> out = new ArrayList<>();
        for (String n : topologicalOrder()) {
            StageDefinition s = requireStage(n);
            boolean runs;
            String reason;
            try {
                runs = s.runsFor(media);
                reason = s.when() == null ? "no condition" : (runs ? "condition holds: " : "condition is false: ") + s.when();
            } catch (RuntimeException e) {
                runs = false;
                reason = "invalid condition: " + e.getMessage();
            }
            out.add(new StagePlan(n, s.filter(), s.needs(), runs, reason));
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

        /** Adds (or replaces) a fully specified stage. */
        public Builder stage(StageDefinition stage) {
            stages.put(stage.name(), stage);
            return this;
        }

        /** Sets the {@code when} condition of a stage added before. */
        public Builder when(String stageName, String condition) {
            return change(stageName, s -> s.withWhen(condition));
        }

        /** Sets the attempt timeout of a stage added before. */
        public Builder timeout(String stageName, java.time.Duration timeout) {
            return change(stageName, s -> s.withTimeout(timeout));
        }

        /** Sets the retries of a stage added before. */
        public Builder retries(String stageName, int retries) {
            return change(stageName, s -> s.withRetries(retries));
        }

        /** Sets the priority of a stage added before. */
        public Builder priority(String stageName, StageDefinition.Priority priority) {
            return change(stageName, s -> s.withPriority(priority));
        }

        private Builder change(String stageName, java.util.function.UnaryOperator<StageDefinition> f) {
            StageDefinition s = stages.get(stageName);
            if (s == null) {
                throw new IllegalArgumentException("no stage '" + stageName + "' yet");
            }
            stages.put(stageName, f.apply(s));
            return this;
        }

        /** Validates the structure (names, needs, cycles); throws {@link PipelineValidationException}. */
        public Pipeline build() {
            Pipeline p = new Pipeline(name, version, List.copyOf(stages.values()));
            PipelineValidator.structural(p, null).throwIfAny();
            return p;
        }
    }
}
