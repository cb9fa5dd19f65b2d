package io.reelpipe.bench;

import io.reelpipe.devstack.DevStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar benchmarks-VERSION-exec.jar NAME… [--param=value…]}, {@code all}, or {@code list}.
 * Global options: {@code --results=DIR} (default {@code benchmarks/results} when run from the repository root, else
 * {@code results}), {@code --no-write}, {@code --work=DIR} (default {@code $TMPDIR/reelpipe-bench}).
 * A parameter applies to every selected benchmark that declares it; one that none declares is an error.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // logback.xml of this module stays in charge: Spring Boot's logging system would reset it per app context
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        Path results = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "reelpipe-bench");
        boolean write = true;
        for (String a : args) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String k = eq < 0 ? a.substring(2) : a.substring(2, eq);
                String v = eq < 0 ? "true" : a.substring(eq + 1);
                switch (k) {
                    case "results" -> results = Path.of(v);
                    case "work" -> work = Path.of(v);
                    case "no-write" -> write = false;
                    case "help" -> names.add("help");
                    default -> given.put(k, v);
                }
            } else {
                names.add(a);
            }
        }
        if (names.isEmpty() || names.contains("help") || names.contains("list")) {
            usage();
            return names.isEmpty() ? 2 : 0;
        }
        List<Benchmark> selected = new ArrayList<>();
        for (String n : names) {
            if (n.equals("all")) {
                selected.addAll(Benchmarks.all());
            } else {
                Benchmark b = Benchmarks.byName(n).orElse(null);
                if (b == null) {
                    System.err.println("unknown benchmark '" + n + "'");
                    usage();
                    return 2;
                }
                selected.add(b);
            }
        }
        Set<String> known = new LinkedHashSet<>();
        selected.forEach(b -> b.parameters().forEach(p -> known.add(p.name())));
        for (String k : given.keySet()) {
            if (!known.contains(k)) {
                System.err.println("no selected benchmark has a parameter '" + k + "' (known: " + known + ")");
                return 2;
            }
        }
        Files.createDirectories(work);

        DevStackHolder stack = new DevStackHolder();
        List<String> failed = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        try {
            for (Benchmark b : selected) {
                Map<String, String> params = new LinkedHashMap<>();
                for (Param p : b.parameters()) {
                    params.put(p.name(), given.getOrDefault(p.name(), p.defaultValue()));
                }
                BenchContext ctx = new BenchContext(b, params, work, stack::get);
                Machine machine = Machine.now();
                Instant start = Instant.now();
                ctx.log("start: %s %s", b.description(), params);
                Report report;
                try {
                    report = b.run(ctx);
                } catch (Exception | Error e) {
                    System.err.println("benchmark " + b.name() + " failed: " + e);
                    e.printStackTrace();
                    failed.add(b.name());
                    continue;
                }
                report.finish(params, machine.withEnd(Machine.loadAverage()), start, Instant.now());
                System.out.println();
                System.out.print(ReportWriter.table(report));
                if (write) {
                    Path file = ReportWriter.write(report, results);
                    System.out.println("written: " + file + " (and " + report.name() + "-latest.json)");
                }
                System.out.flush();
                reports.add(report);
            }
        } finally {
            stack.close();
        }
        if (!failed.isEmpty()) {
            System.err.println("failed: " + failed);
            return 1;
        }
        return 0;
    }

    private static void usage() {
        System.err.println("usage: BenchMain NAME…|all|list [--param=value…] [--results=DIR] [--work=DIR] [--no-write]");
        System.err.println("benchmarks:");
        for (Benchmark b : Benchmarks.all()) {
            System.err.printf("  %-11s %s%n", b.name(), b.description());
            for (Param p : b.parameters()) {
                System.err.printf("      --%s=%s  %s%n", p.name(), p.defaultValue(), p.description());
            }
        }
    }

    /** Starts the dev stack on first use; stops it at the end of the run. */
    private static final class DevStackHolder implements AutoCloseable {
        private DevStack stack;

        synchronized DevStack get() {
            if (stack == null) {
                long t0 = System.nanoTime();
                stack = DevStack.start();
                System.err.printf("dev stack started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            return stack;
        }

        @Override
        public synchronized void close() {
            if (stack != null) {
                stack.close();
                stack = null;
            }
        }
    }
}
