package io.reelpipe.pipeline.model;

/** 1-based line and column of a node in a YAML/JSON pipeline document. */
public record SourcePosition(int line, int column) {
}
