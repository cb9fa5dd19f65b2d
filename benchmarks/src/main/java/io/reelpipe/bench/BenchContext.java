package io.reelpipe.bench;

import io.reelpipe.devstack.DevStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Map;
import java.util.function.Supplier;

/** What a running benchmark gets: its parameters, a work directory, logging and the shared dev stack. */
public final class BenchContext {

    private final Benchmark benchmark;
    private final Map<String, String> params;
    private final Path workDir;
    private final Supplier<DevStack> devStack;

    BenchContext(Benchmark benchmark, Map<String, String> params, Path workDir, Supplier<DevStack> devStack) {
        this.benchmark = benchmark;
        this.params = Collections.unmodifiableMap(params);
        this.workDir = workDir;
        this.devStack = devStack;
    }

    /** Every parameter with its effective value (defaults filled in). */
    public Map<String, String> params() {
        return params;
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(benchmark.name() + " has no parameter '" + name + "'");
        }
        return v;
    }

    public int intParam(String name) {
        return Integer.parseInt(param(name).replace("_", ""));
    }

    public long longParam(String name) {
        return Long.parseLong(param(name).replace("_", ""));
    }

    public double doubleParam(String name) {
        return Double.parseDouble(param(name));
    }

    public boolean boolParam(String name) {
        return Boolean.parseBoolean(param(name));
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m} or a number of seconds. */
    public Duration durationParam(String name) {
        String v = param(name).trim().toLowerCase(java.util.Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    /** {@code $TMPDIR/reelpipe-bench/}: inputs generated here are cached across runs; subdirectories are the benchmark's. */
    public Path workDir() {
        return workDir;
    }

    /** A fresh (emptied) subdirectory of the work directory. */
    public Path cleanDir(String name) {
        Path dir = workDir.resolve(name);
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dev stack (Kafka, PostgreSQL, Redis, S3), started on first use and shared by every benchmark of the run. */
    public DevStack devStack() {
        return devStack.get();
    }

    /** A progress line on stderr (the table goes to stdout). */
    public void log(String format, Object... args) {
        System.err.printf(java.util.Locale.ROOT, "%s [%s] %s%n", LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
                benchmark.name(), args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
    }
}
