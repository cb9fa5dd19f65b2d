package io.reelpipe.pipeline.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stage of a pipeline: which filter runs, with which parameters, after which stages, and under which policy.
 *
 * @param name     unique within the pipeline; also the folder of the stage's outputs in object storage
 * @param filter   the filter (worker pool) that runs it: its tasks go to {@code reelpipe.stage.<filter>}
 * @param with     filter parameters as plain JSON-like values (maps, lists, strings, numbers, booleans)
 * @param needs    names of the stages whose outputs this stage reads; it starts when all of them are done
 * @param when     optional {@link Condition} over the job's probed media; when false the stage is SKIPPED (and
 *                 counts as done for its dependants' needs); null: always runs
 * @param timeout  optional longest attempt; null: the runtime's {@code stage-timeout}
 * @param retries  optional retries after the first attempt (so {@code retries + 1} attempts); null: the runtime's
 *                 {@code max-attempts - 1}
 * @param priority scheduling priority; null means {@link Priority#NORMAL}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageDefinition(String name, String filter, Map<String, Object> with, List<String> needs, String when,
                              Duration timeout, Integer retries, Priority priority) {

    /** How eagerly workers take a stage's tasks (Kafka has no priorities: see the README). */
    public enum Priority {
        LOW, NORMAL, HIGH;

        public static Priority parse(String s) {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    @JsonCreator
    public StageDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        with = with == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(with));
        needs = needs == null ? List.of() : List.copyOf(needs);
        when = when == null || when.isBlank() ? null : when;
    }

    public StageDefinition(String name, String filter, Map<String, Object> with, List<String> needs) {
        this(name, filter, with, needs, null, null, null, null);
    }

    /** The stage's priority, {@link Priority#NORMAL} when unset. */
    public Priority effectivePriority() {
        return priority == null ? Priority.NORMAL : priority;
    }

    /** Attempts allowed: {@code retries + 1}, or {@code defaultAttempts} when {@code retries} is unset. */
    public int maxAttempts(int defaultAttempts) {
        return retries == null ? defaultAttempts : retries + 1;
    }

    /** The parsed {@link #when()}; null when the stage has none. */
    public Condition condition() {
        return when == null ? null : Condition.parse(when);
    }

    /** True when the stage runs for a job with this media (no {@code when}, or it holds). */
    public boolean runsFor(Map<String, Object> media) {
        return when == null || Condition.parse(when).test(media);
    }

    public StageDefinition withWhen(String condition) {
        return new StageDefinition(name, filter, with, needs, condition, timeout, retries, priority);
    }

    public StageDefinition withTimeout(Duration t) {
        return new StageDefinition(name, filter, with, needs, when, t, retries, priority);
    }

    public StageDefinition withRetries(Integer r) {
        return new StageDefinition(name, filter, with, needs, when, timeout, r, priority);
    }

    public StageDefinition withPriority(Priority p) {
        return new StageDefinition(name, filter, with, needs, when, timeout, retries, p);
    }
}
