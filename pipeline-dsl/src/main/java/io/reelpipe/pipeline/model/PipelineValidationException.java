package io.reelpipe.pipeline.model;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline definition with one or more faults; every fault carries its line and column. */
public class PipelineValidationException extends RuntimeException {
    private final List<PipelineProblem> problems;

    public PipelineValidationException(List<PipelineProblem> problems) {
        super(problems.stream().map(PipelineProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PipelineProblem> problems() {
        return problems;
    }
}
