package io.reelpipe.pipeline.model;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the pipeline language (YAML, and JSON since JSON is YAML) into a {@link Pipeline}, keeping the line and
 * column of every node so each problem points at its place in the file. SnakeYAML's node graph is used rather
 * than a data binder because binders drop positions.
 */
public final class PipelineYaml {

    static final Set<String> TOP_KEYS = Set.of("pipeline", "version", "description", "stages");
    static final Set<String> STAGE_KEYS = Set.of("filter", "with", "needs", "when", "timeout", "retries", "priority");

    private PipelineYaml() {
    }

    /** A parsed pipeline with the position of every path (e.g. {@code stages.keywords.needs[0]}). */
    public record Parsed(Pipeline pipeline, Map<String, SourcePosition> positions) {
    }

    /** Parses and checks structure; throws {@link PipelineValidationException} listing every problem. */
    public static Parsed parse(String text) {
        Read r = read(text);
        if (!r.problems().isEmpty()) {
            throw new PipelineValidationException(r.problems());
        }
        PipelineValidator.structural(r.pipeline(), r.positions()).throwIfAny();
        return new Parsed(r.pipeline(), r.positions());
    }

    /**
     * Every problem of a document at once (syntax, structure, filters, parameters, conditions), sorted by position;
     * empty when the pipeline is valid against {@code filters}. Never throws for a bad document.
     */
    public static List<PipelineProblem> lint(String text, Collection<FilterDescriptor> filters) {
        Read r = read(text);
        List<PipelineProblem> out = new ArrayList<>(r.problems());
        if (r.pipeline() != null) {
            List<PipelineProblem> more = filters == null
                    ? PipelineValidator.structural(r.pipeline(), r.positions()).problems()
                    : PipelineValidator.validate(r.pipeline(), filters, r.positions()).problems();
            for (PipelineProblem p : more) {
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(PipelineProblem::line).thenComparingInt(PipelineProblem::column));
        return out;
    }

    private record Read(Pipeline pipeline, Map<String, SourcePosition> positions, List<PipelineProblem> problems) {
    }

    private static Read read(String text) {
        List<PipelineProblem> problems = new ArrayList<>();
        Map<String, SourcePosition> positions = new HashMap<>();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(1 << 20);
            root = new Yaml(options).compose(new StringReader(text == null ? "" : text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String why = e.getProblem() != null ? e.getProblem() : e.getMessage();
            return new Read(null, positions, List.of(new PipelineProblem(
                    m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "", "not valid YAML: " + why)));
        } catch (RuntimeException e) {
            return new Read(null, positions, List.of(new PipelineProblem(0, 0, "", "not valid YAML: " + e.getMessage())));
        }
        if (!(root instanceof MappingNode top)) {
            return new Read(null, positions, List.of(root == null
                    ? new PipelineProblem(1, 1, "", "the document is empty: a pipeline is a mapping with 'pipeline', 'version' and 'stages'")
                    : problem(root, "", "a pipeline is a mapping with 'pipeline', 'version' and 'stages'")));
        }
        positions.put("", position(root));
        String name = null;
        int version = 1;
        List<StageDefinition> stages = new ArrayList<>();
        boolean sawStages = false;
        for (NodeTuple t : top.getValue()) {
            String key = keyOf(t, problems, "");
            if (key == null) {
                continue;
            }
            positions.put(key, position(t.getValueNode()));
            switch (key) {
                case "pipeline" -> name = scalar(t.getValueNode(), "pipeline", problems);
                case "version" -> version = integer(t.getValueNode(), "version", problems);
                case "description" -> scalar(t.getValueNode(), "description", problems);
                case "stages" -> {
                    sawStages = true;
                    stages(t.getValueNode(), stages, positions, problems);
                }
                default -> problems.add(problem(t.getKeyNode(), key,
                        "unknown key '" + key + "' (expected one of: pipeline, version, description, stages)"));
            }
        }
        if (name == null) {
            problems.add(problem(root, "pipeline", "missing 'pipeline' (the pipeline's name)"));
        }
        if (!sawStages) {
            problems.add(problem(root, "stages", "missing 'stages'"));
        }
        return new Read(new Pipeline(name, version, stages), positions, problems);
    }

    /** Parses, then validates filters and parameters against {@code filters}. */
    public static Pipeline parse(String text, Collection<FilterDescriptor> filters) {
        Parsed parsed = parse(text);
        PipelineValidator.validate(parsed.pipeline(), filters, parsed.positions()).throwIfAny();
        return parsed.pipeline();
    }

    private static void stages(Node node, List<StageDefinition> out, Map<String, SourcePosition> positions,
                               List<PipelineProblem> problems) {
        if (!(node instanceof MappingNode m)) {
            problems.add(problem(node, "stages", "'stages' must be a mapping of stage name to stage"));
            return;
        }
        for (NodeTuple t : m.getValue()) {
            String stage = keyOf(t, problems, "stages");
            if (stage == null) {
                continue;
            }
            String path = "stages." + stage;
            positions.put(path, position(t.getKeyNode()));
            if (!(t.getValueNode() instanceof MappingNode sm)) {
                problems.add(problem(t.getValueNode(), path, "a stage is a mapping with 'filter', and optionally 'with', 'needs', 'when', 'timeout', 'retries' and 'priority'"));
                continue;
            }
            String filter = null;
            Map<String, Object> with = Map.of();
            List<String> needs = List.of();
            String when = null;
            java.time.Duration timeout = null;
            Integer retries = null;
            StageDefinition.Priority priority = null;
            for (NodeTuple st : sm.getValue()) {
                String k = keyOf(st, problems, path);
                if (k == null) {
                    continue;
                }
                String kp = path + "." + k;
                positions.put(kp, position(st.getValueNode()));
                switch (k) {
                    case "filter" -> filter = scalar(st.getValueNode(), kp, problems);
                    case "with" -> {
                        if (st.getValueNode() instanceof MappingNode wm) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> w = (Map<String, Object>) plain(wm, kp, positions, problems);
                            with = w;
                        } else if (!isNull(st.getValueNode())) {
                            problems.add(problem(st.getValueNode(), kp, "'with' must be a mapping of parameter to value"));
                        }
                    }
                    case "needs" -> needs = names(st.getValueNode(), kp, positions, problems);
                    case "when" -> when = when(st.getValueNode(), kp, problems);
                    case "timeout" -> timeout = duration(st.getValueNode(), kp, problems);
                    case "retries" -> {
                        String v = scalar(st.getValueNode(), kp, problems);
                        if (v != null) {
                            try {
                                retries = Integer.parseInt(v.trim());
                                if (retries < 0 || retries > 100) {
                                    problems.add(problem(st.getValueNode(), kp, "'retries' must be between 0 and 100, got " + v));
                                    retries = null;
                                }
                            } catch (NumberFormatException e) {
                                problems.add(problem(st.getValueNode(), kp, "'retries' must be a whole number, got '" + v + "'"));
                            }
                        }
                    }
                    case "priority" -> {
                        String v = scalar(st.getValueNode(), kp, problems);
                        if (v != null) {
                            try {
                                priority = StageDefinition.Priority.parse(v);
                            } catch (IllegalArgumentException e) {
                                problems.add(problem(st.getValueNode(), kp, "'priority' must be one of high, normal, low; got '" + v + "'"));
                            }
                        }
                    }
                    default -> problems.add(problem(st.getKeyNode(), kp,
                            "unknown key '" + k + "' in stage '" + stage + "' (expected one of: " + String.join(", ", new java.util.TreeSet<>(STAGE_KEYS)) + ")"));
                }
            }
            if (filter == null) {
                problems.add(problem(t.getValueNode(), path + ".filter", "stage '" + stage + "' has no 'filter'"));
                continue;
            }
            out.add(new StageDefinition(stage, filter, with, needs, when, timeout, retries, priority));
        }
    }

    /** Checks the expression's syntax, pointing at the faulty character inside the YAML scalar. */
    private static String when(Node node, String path, List<PipelineProblem> problems) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return s.getValue().toLowerCase(java.util.Locale.ROOT);
        }
        String v = scalar(node, path, problems);
        if (v == null) {
            return null;
        }
        try {
            Condition.parse(v);
        } catch (Condition.SyntaxError e) {
            SourcePosition p = position(node);
            ScalarNode s = (ScalarNode) node;
            int shift = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
            SourcePosition at = p == null ? null : new SourcePosition(p.line(), p.column() + shift + e.offset());
            boolean singleLine = s.getStartMark() != null && s.getEndMark() != null
                    && s.getStartMark().getLine() == s.getEndMark().getLine();
            problems.add(PipelineProblem.at(singleLine ? at : p, path, "invalid condition: " + e.getMessage()));
        }
        return v;
    }

    private static java.time.Duration duration(Node node, String path, List<PipelineProblem> problems) {
        String v = scalar(node, path, problems);
        if (v == null) {
            return null;
        }
        try {
            java.time.Duration d = v.trim().matches("\\d+") ? java.time.Duration.ofSeconds(Long.parseLong(v.trim()))
                    : Condition.parseDuration(v);
            if (d.isZero() || d.isNegative()) {
                problems.add(problem(node, path, "'timeout' must be positive, got '" + v + "'"));
                return null;
            }
            return d;
        } catch (RuntimeException e) {
            problems.add(problem(node, path, "'timeout' must be a duration such as 90s, 10m or 2h; got '" + v + "'"));
            return null;
        }
    }

    private static List<String> names(Node node, String path, Map<String, SourcePosition> positions, List<PipelineProblem> problems) {
        List<String> out = new ArrayList<>();
        if (node instanceof ScalarNode s && !isNull(s)) {
            positions.put(path + "[0]", position(s));
            out.add(s.getValue());
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node n = seq.getValue().get(i);
                positions.put(path + "[" + i + "]", position(n));
                String v = scalar(n, path + "[" + i + "]", problems);
                if (v != null) {
                    out.add(v);
                }
            }
        } else if (!isNull(node)) {
            problems.add(problem(node, path, "'needs' must be a stage name or a list of stage names"));
        }
        return out;
    }

    private static Object plain(Node node, String path, Map<String, SourcePosition> positions, List<PipelineProblem> problems) {
        positions.putIfAbsent(path, position(node));
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = keyOf(t, problems, path);
                if (k != null) {
                    out.put(k, plain(t.getValueNode(), path + "." + k, positions, problems));
                }
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(plain(s.getValue().get(i), path + "[" + i + "]", positions, problems));
            }
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
            }
            if (Tag.INT.equals(tag)) {
                long l = Long.decode(v.replace("_", ""));
                return l == (int) l ? (Object) (int) l : (Object) l;
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(v.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            problems.add(problem(node, path, "'" + v + "' is not a number"));
        }
        return v;
    }

    private static String keyOf(NodeTuple t, List<PipelineProblem> problems, String parent) {
        if (t.getKeyNode() instanceof ScalarNode k) {
            return k.getValue();
        }
        problems.add(problem(t.getKeyNode(), parent, "keys must be plain names"));
        return null;
    }

    private static String scalar(Node node, String path, List<PipelineProblem> problems) {
        if (node instanceof ScalarNode s && !isNull(s)) {
            return s.getValue();
        }
        problems.add(problem(node, path, "'" + path + "' must be a single value"));
        return null;
    }

    private static int integer(Node node, String path, List<PipelineProblem> problems) {
        String v = scalar(node, path, problems);
        if (v == null) {
            return 1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            problems.add(problem(node, path, "'" + path + "' must be a whole number, got '" + v + "'"));
            return 1;
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static SourcePosition position(Node n) {
        Mark m = n.getStartMark();
        return m == null ? null : new SourcePosition(m.getLine() + 1, m.getColumn() + 1);
    }

    private static PipelineProblem problem(Node n, String path, String message) {
        return PipelineProblem.at(n == null ? null : position(n), path, message);
    }
}
