package io.reelpipe.pipeline.model;

/**
 * One fault in a pipeline definition. Line and column are 1-based and 0 when the pipeline was built in Java.
 */
public record PipelineProblem(int line, int column, String path, String message) {

    public static PipelineProblem at(SourcePosition pos, String path, String message) {
        return pos == null ? new PipelineProblem(0, 0, path, message)
                : new PipelineProblem(pos.line(), pos.column(), path, message);
    }

    @Override
    public String toString() {
        return (line > 0 ? line + ":" + column + ": " : "") + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
