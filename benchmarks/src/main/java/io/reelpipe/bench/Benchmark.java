package io.reelpipe.bench;

import java.util.List;

/**
 * One measurement of Reelpipe against a baseline measured in the same run. Implementations are registered in
 * {@link Benchmarks}; {@link BenchMain} runs them by name.
 */
public interface Benchmark {

    /** Short command-line name, e.g. {@code hop}. */
    String name();

    /** One line: what is measured against what. */
    String description();

    /** Parameters with their defaults (small, so a run finishes in minutes on 2 cores). */
    List<Param> parameters();

    /** Runs the benchmark; the harness adds machine info, prints the table and writes the JSON. */
    Report run(BenchContext ctx) throws Exception;
}
