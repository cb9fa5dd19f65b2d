package io.reelpipe.pipeline.cli;

import io.reelpipe.pipeline.model.FilterCatalogue;
import io.reelpipe.pipeline.model.FilterDescriptor;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.PipelineProblem;
import io.reelpipe.pipeline.model.PipelineYaml;
import io.reelpipe.pipeline.wire.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./reelpipe pipeline lint [--filters FILTERS.yaml] [--media MEDIA.json] FILE...}: checks pipeline files
 * (YAML or JSON) against the shipped filter catalogue (plus {@code --filters}, same format as
 * {@code io/reelpipe/pipeline/filters.yaml}) and prints every problem as {@code file:line:column: path: message}.
 * With {@code --media} (probe results as JSON, e.g. an asset's {@code media}) it also prints which stages would run.
 * Exit status: 0 all valid, 1 problems found, 2 usage or I/O error.
 */
public final class PipelineLint {

    private PipelineLint() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The CLI without {@code System.exit}: returns the exit status. */
    @SuppressWarnings("unchecked")
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        List<FilterDescriptor> extra = new ArrayList<>();
        Map<String, Object> media = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--filters" -> {
                        Object doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of(args[++i])));
                        extra.addAll(catalogue(doc));
                    }
                    case "--media" -> media = WireFormat.mapper().readValue(Files.readString(Path.of(args[++i])), Map.class);
                    case "-h", "--help" -> {
                        usage(out);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            err.println("unknown option " + args[i]);
                            usage(err);
                            return 2;
                        }
                        files.add(Path.of(args[i]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("pipeline lint: " + e.getMessage());
            return 2;
        }
        if (files.isEmpty()) {
            usage(err);
            return 2;
        }
        List<FilterDescriptor> filters = FilterCatalogue.merged(extra);
        int status = 0;
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(f + ": cannot read: " + e.getMessage());
                status = 2;
                continue;
            }
            List<PipelineProblem> problems = PipelineYaml.lint(text, filters);
            for (PipelineProblem p : problems) {
                out.println(f + ":" + p.line() + ":" + p.column() + ": "
                        + (p.path() == null || p.path().isEmpty() ? "" : p.path() + ": ") + p.message());
            }
            if (!problems.isEmpty()) {
                status = Math.max(status, 1);
                continue;
            }
            Pipeline p = PipelineYaml.parse(text).pipeline();
            out.println(f + ": ok (pipeline " + p.name() + " v" + p.version() + ", " + p.stages().size() + " stages)");
            if (media != null) {
                for (Pipeline.StagePlan plan : p.plan(media)) {
                    out.println("  " + (plan.runs() ? "runs " : "skips") + " " + plan.name() + " (" + plan.filter() + "): "
                            + plan.reason());
                }
            }
        }
        return status;
    }

    @SuppressWarnings("unchecked")
    private static List<FilterDescriptor> catalogue(Object doc) {
        List<FilterDescriptor> out = new ArrayList<>();
        if (doc instanceof Map<?, ?> m) {
            m.forEach((name, params) -> {
                Map<String, String> types = new java.util.LinkedHashMap<>();
                if (params instanceof Map<?, ?> pm) {
                    pm.forEach((k, v) -> types.put(String.valueOf(k), v == null ? "any" : String.valueOf(v)));
                }
                out.add(new FilterDescriptor(String.valueOf(name), types.keySet(), types));
            });
        }
        return out;
    }

    private static void usage(PrintStream s) {
        s.println("usage: reelpipe pipeline lint [--filters FILTERS.yaml] [--media MEDIA.json] FILE...");
    }
}
