package io.reelpipe.pipeline.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a pipeline: structure (names, needs, cycles) and, given a filter catalogue, filters and parameter names.
 * Collects every problem instead of stopping at the first, so a lint run shows them all.
 */
public final class PipelineValidator {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private PipelineValidator() {
    }

    /** Full validation: structure plus filter names and parameter names from {@code filters}. */
    public static Result validate(Pipeline pipeline, Collection<FilterDescriptor> filters, Map<String, SourcePosition> positions) {
        Result r = structural(pipeline, positions);
        Map<String, FilterDescriptor> byName = new HashMap<>();
        filters.forEach(f -> byName.put(f.name(), f));
        for (StageDefinition s : pipeline.stages()) {
            FilterDescriptor f = byName.get(s.filter());
            if (f == null) {
                r.add(pos(positions, "stages." + s.name() + ".filter"), "stages." + s.name() + ".filter",
                        "unknown filter '" + s.filter() + "' (known: " + String.join(", ", new java.util.TreeSet<>(byName.keySet())) + ")");
                continue;
            }
            for (Map.Entry<String, Object> e : s.with().entrySet()) {
                String param = e.getKey();
                String path = "stages." + s.name() + ".with." + param;
                if (!f.parameters().contains(param)) {
                    r.add(pos(positions, path), path,
                            "unknown parameter '" + param + "' for filter '" + f.name() + "' (accepted: "
                                    + String.join(", ", new java.util.TreeSet<>(f.parameters())) + ")");
                    continue;
                }
                String why = ParameterTypes.check(f.types().get(param), e.getValue());
                if (why != null) {
                    r.add(pos(positions, path), path, "parameter '" + param + "' of filter '" + f.name() + "' " + why);
                }
            }
        }
        return r;
    }

    /** Names, needs and cycles only. */
    public static Result structural(Pipeline p, Map<String, SourcePosition> positions) {
        Result r = new Result();
        if (p.name() == null ? positions == null : !NAME.matcher(p.name()).matches()) {
            r.add(pos(positions, "pipeline"), "pipeline", "pipeline name must match " + NAME.pattern() + ", got '" + p.name() + "'");
        }
        if (p.version() < 1) {
            r.add(pos(positions, "version"), "version", "version must be 1 or more, got " + p.version());
        }
        if (p.stages().isEmpty()) {
            r.add(pos(positions, "stages"), "stages", "a pipeline needs at least one stage");
        }
        Set<String> names = new HashSet<>();
        for (StageDefinition s : p.stages()) {
            if (!names.add(s.name())) {
                r.add(pos(positions, "stages." + s.name()), "stages." + s.name(), "duplicate stage name '" + s.name() + "'");
            }
            if (!NAME.matcher(s.name()).matches()) {
                r.add(pos(positions, "stages." + s.name()), "stages." + s.name(), "stage name must match " + NAME.pattern());
            }
            if (!NAME.matcher(s.filter()).matches()) {
                r.add(pos(positions, "stages." + s.name() + ".filter"), "stages." + s.name() + ".filter",
                        "filter name must match " + NAME.pattern());
            }
        }
        for (StageDefinition s : p.stages()) {
            for (int i = 0; i < s.needs().size(); i++) {
                String need = s.needs().get(i);
                String path = "stages." + s.name() + ".needs[" + i + "]";
                if (need.equals(s.name())) {
                    r.add(pos(positions, path), path, "stage '" + s.name() + "' cannot need itself");
                } else if (!names.contains(need)) {
                    r.add(pos(positions, path), path, "stage '" + s.name() + "' needs '" + need + "', which is not a stage of this pipeline");
                }
            }
        }
        Set<String> never = new HashSet<>();
        for (StageDefinition s : p.stages()) {
            if (s.when() == null) {
                continue;
            }
            String path = "stages." + s.name() + ".when";
            try {
                Condition c = Condition.parse(s.when());
                if (c.alwaysFalse()) {
                    never.add(s.name());
                }
            } catch (Condition.SyntaxError e) {
                if (positions == null) {
                    r.add(null, path, "invalid condition: " + e.getMessage() + " (at character " + (e.offset() + 1) + ")");
                }
                // parsed documents report syntax errors with their exact column while reading
            }
        }
        for (String s : never) {
            List<String> deps = new ArrayList<>(p.dependentsOf(s));
            r.add(pos(positions, "stages." + s + ".when"), "stages." + s + ".when",
                    "unreachable: stage '" + s + "' never runs, its condition is always false"
                            + (deps.isEmpty() ? "" : " (its dependants " + deps + " run without it)"));
        }
        for (List<String> cycle : cycles(p)) {
            String first = cycle.getFirst();
            r.add(pos(positions, "stages." + first + ".needs"), "stages." + first + ".needs",
                    "cycle: " + String.join(" -> ", cycle) + " -> " + first);
        }
        return r;
    }

    private static List<List<String>> cycles(Pipeline p) {
        Map<String, List<String>> needs = new HashMap<>();
        p.stages().forEach(s -> needs.put(s.name(), s.needs()));
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (StageDefinition s : p.stages()) {
            dfs(s.name(), needs, new ArrayList<>(), new HashSet<>(), done, found);
        }
        return found;
    }

    private static void dfs(String n, Map<String, List<String>> needs, List<String> path, Set<String> onPath,
                            Set<String> done, List<List<String>> found) {
        if (done.contains(n) || !needs.containsKey(n)) {
            return;
        }
        if (onPath.contains(n)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
            if (found.stream().noneMatch(c -> new HashSet<>(c).equals(new HashSet<>(cycle)))) {
                found.add(cycle);
            }
            return;
        }
        onPath.add(n);
        path.add(n);
        for (String m : needs.get(n)) {
            if (!m.equals(n)) {
                dfs(m, needs, path, onPath, done, found);
            }
        }
        path.removeLast();
        onPath.remove(n);
        done.add(n);
    }

    private static SourcePosition pos(Map<String, SourcePosition> positions, String path) {
        if (positions == null) {
            return null;
        }
        String p = path;
        while (true) {
            SourcePosition sp = positions.get(p);
            if (sp != null) {
                return sp;
            }
            int dot = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (dot < 0) {
                return positions.get("");
            }
            p = p.substring(0, dot);
        }
    }

    /** Problems found; empty when the pipeline is valid. */
    public static final class Result {
        private final List<PipelineProblem> problems = new ArrayList<>();

        void add(SourcePosition pos, String path, String message) {
            problems.add(PipelineProblem.at(pos, path, message));
        }

        public List<PipelineProblem> problems() {
            return List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }

        public void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new PipelineValidationException(problems);
            }
        }
    }
}
