package io.reelpipe.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The subset of kustomize these manifests use, so that the test needs neither kubectl nor a network:
 * resources (files and directories), components, patches (strategic merge by file, JSON 6902 inline with a
 * target), images, namespace and labels. Anything else in a kustomization fails the test, so the renderer can
 * never silently ignore what kubectl would apply. Strategic merge: maps merge, lists of maps merge by
 * {@code name}, other lists are replaced (what kustomize does for CRDs, and for the fields patched here).
 */
final class Kustomize {

    /** One rendered object and where it came from (file, then the patches applied to it). */
    static final class Res {
        Map<String, Object> doc;
        final String origin;
        final List<String> patchedBy = new ArrayList<>();

        Res(Map<String, Object> doc, String origin) {
            this.doc = doc;
            this.origin = origin;
        }

        String kind() {
            return Objects.toString(doc.get("kind"), "?");
        }

        String name() {
            return Objects.toString(Y.map(doc, "metadata").get("name"), "?");
        }

        String where() {
            return origin + (patchedBy.isEmpty() ? "" : " (patched by " + String.join(", ", patchedBy) + ")");
        }

        @Override
        public String toString() {
            return kind() + "/" + name();
        }
    }

    /** A rendered kustomization plus the problems found while resolving it (missing files, dangling patches). */
    record Render(Path dir, String label, List<Res> resources, List<String> problems) {
        List<Res> ofKind(String kind) {
            return resources.stream().filter(r -> r.kind().equals(kind)).toList();
        }

        java.util.Optional<Res> find(String kind, String name) {
            return resources.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst();
        }
    }

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "components", "patches",
            "images", "namespace", "labels");

    private final Path deployDir;

    Kustomize(Path deployDir) {
        this.deployDir = deployDir;
    }

    Render render(Path dir) {
        List<String> problems = new ArrayList<>();
        List<Res> out = build(dir, problems, 0);
        return new Render(dir, rel(dir), out, problems);
    }

    private List<Res> build(Path dir, List<String> problems, int depth) {
        Path kfile = dir.resolve("kustomization.yaml");
        List<Res> out = new ArrayList<>();
        if (!Files.isRegularFile(kfile)) {
            problems.add(rel(dir) + ": no kustomization.yaml");
            return out;
        }
        if (depth > 10) {
            problems.add(rel(dir) + ": kustomizations nest too deep (a cycle?)");
            return out;
        }
        Map<String, Object> k = Y.map(Y.loadOne(kfile));
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                problems.add(rel(kfile) + ": field '" + key + "' is not understood by the deploy test's renderer "
                        + "(deploy/src/test/.../Kustomize.java); teach it before using it");
            }
        }
        for (Object r : Y.list(k.get("resources"))) {
            Path p = dir.resolve(r.toString()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p, problems, depth + 1));
            } else if (Files.isRegularFile(p)) {
                for (Object doc : Y.loadAll(p)) {
                    out.add(new Res(Y.map(doc), rel(p)));
                }
            } else {
                problems.add(rel(kfile) + ": resource '" + r + "' does not exist");
            }
        }
        for (Object c : Y.list(k.get("components"))) {
            Path p = dir.resolve(c.toString()).normalize();
            if (!Files.isRegularFile(p.resolve("kustomization.yaml"))) {
                problems.add(rel(kfile) + ": component '" + c + "' does not exist");
                continue;
            }
            Map<String, Object> comp = Y.map(Y.loadOne(p.resolve("kustomization.yaml")));
            if (!"Component".equals(comp.get("kind"))) {
                problems.add(rel(p.resolve("kustomization.yaml")) + ": a component must have kind: Component");
            }
            applyPatches(p, comp, out, problems);
        }
        applyPatches(dir, k, out, problems);
        for (Object i : Y.list(k.get("images"))) {
            Map<String, Object> img = Y.map(i);
            String name = Objects.toString(img.get("name"));
            int hits = 0;
            for (Res r : out) {
                for (Map<String, Object> c : containers(r)) {
                    String image = Objects.toString(c.get("image"), "");
                    if (repo(image).equals(name)) {
                        String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "latest";
                        String repo = img.get("newName") != null ? img.get("newName").toString() : name;
                        c.put("image", repo + ":" + (img.get("newTag") != null ? img.get("newTag") : tag));
                        hits++;
                    }
                }
            }
            if (hits == 0) {
                problems.add(rel(kfile) + ": images entry '" + name + "' matches no container image");
            }
        }
        Object ns = k.get("namespace");
        if (ns != null) {
            for (Res r : out) {
                if (!r.kind().equals("Namespace")) {
                    Y.map(r.doc, "metadata").put("namespace", ns);
                }
            }
        }
        for (Object l : Y.list(k.get("labels"))) {
            Map<String, Object> pairs = Y.map(Y.map(l).get("pairs"));
            for (Res r : out) {
                Y.map(Y.map(r.doc, "metadata"), "labels").putAll(pairs);
            }
        }
        return out;
    }

    private void applyPatches(Path dir, Map<String, Object> k, List<Res> out, List<String> problems) {
        Path kfile = dir.resolve("kustomization.yaml");
        for (Object p : Y.list(k.get("patches"))) {
            Map<String, Object> entry = Y.map(p);
            Map<String, Object> target = Y.map(entry.get("target"));
            List<Object> docs;
            String label;
            if (entry.get("path") != null) {
                Path file = dir.resolve(entry.get("path").toString()).normalize();
                if (!Files.isRegularFile(file)) {
                    problems.add(rel(kfile) + ": patch '" + entry.get("path") + "' does not exist");
                    continue;
                }
                docs = Y.loadAll(file);
                label = rel(file);
            } else if (entry.get("patch") != null) {
                docs = new ArrayList<>();
                new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(entry.get("patch").toString())
                        .forEach(docs::add);
                label = rel(kfile) + " (inline patch)";
            } else {
                problems.add(rel(kfile) + ": a patch needs 'path' or 'patch'");
                continue;
            }
            for (Object doc : docs) {
                if (doc instanceof List<?> ops) {
                    applyJson6902(ops, target, out, label, problems);
                } else if (doc instanceof Map<?, ?>) {
                    applyStrategicMerge(Y.map(doc), target, out, label, problems);
                }
            }
        }
    }

    private static void applyStrategicMerge(Map<String, Object> patch, Map<String, Object> target, List<Res> out,
                                            String label, List<String> problems) {
        String kind = Objects.toString(target.getOrDefault("kind", patch.get("kind")));
        String name = Objects.toString(target.getOrDefault("name", Y.map(patch, "metadata").get("name")));
        List<Res> hits = out.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).toList();
        if (hits.size() != 1) {
            problems.add(label + ": patch targets " + kind + "/" + name + ", which "
                    + (hits.isEmpty() ? "does not exist in the resources it is applied to" : "is ambiguous"));
            return;
        }
        Res r = hits.get(0);
        r.doc = Y.map(merge(r.doc, patch, label, problems));
        r.patchedBy.add(label);
    }

    private static void applyJson6902(List<?> ops, Map<String, Object> target, List<Res> out, String label,
                                      List<String> problems) {
        if (target.get("kind") == null) {
            problems.add(label + ": a JSON 6902 patch needs a target with a kind");
            return;
        }
        List<Res> hits = out.stream().filter(r -> r.kind().equals(target.get("kind"))
                && (target.get("name") == null || r.name().equals(target.get("name")))).toList();
        if (hits.isEmpty()) {
            problems.add(label + ": patch target " + target + " matches no resource");
        }
        for (Res r : hits) {
            for (Object o : ops) {
                Map<String, Object> op = Y.map(o);
                String path = Objects.toString(op.get("path"), "");
                String[] parts = path.substring(1).split("/");
                Object parent = r.doc;
                for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                    parent = step(parent, parts[i]);
                }
                String last = parts[parts.length - 1];
                String verb = Objects.toString(op.get("op"));
                boolean ok = switch (verb) {
                    case "replace", "add" -> put(parent, last, op.get("value"), verb.equals("add"));
                    case "remove" -> remove(parent, last);
                    default -> false;
                };
                if (!ok) {
                    problems.add(label + ": op " + verb + " " + path + " cannot apply to " + r + " from " + r.origin);
                } else if (!r.patchedBy.contains(label)) {
                    r.patchedBy.add(label);
                }
            }
        }
    }

    private static Object step(Object node, String key) {
        if (node instanceof Map<?, ?> m) {
            return m.get(key);
        }
        if (node instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) {
            return l.get(Integer.parseInt(key));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static boolean put(Object parent, String key, Object value, boolean add) {
        if (parent instanceof Map<?, ?> m) {
            if (!add && !m.containsKey(key)) {
                return false;
            }
            ((Map<String, Object>) m).put(key, value);
            return true;
        }
        if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            if (key.equals("-") && add) {
                list.add(value);
                return true;
            }
            if (key.matches("\\d+") && Integer.parseInt(key) < list.size() + (add ? 1 : 0)) {
                if (add) {
                    list.add(Integer.parseInt(key), value);
                } else {
                    list.set(Integer.parseInt(key), value);
                }
                return true;
            }
        }
        return false;
    }

    private static boolean remove(Object parent, String key) {
        if (parent instanceof Map<?, ?> m && m.containsKey(key)) {
            m.remove(key);
            return true;
        }
        if (parent instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) {
            l.remove(Integer.parseInt(key));
            return true;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object base, Object patch, String label, List<String> problems) {
        if (base instanceof Map<?, ?> b && patch instanceof Map<?, ?> p) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) b);
            for (Map.Entry<?, ?> e : p.entrySet()) {
                String key = e.getKey().toString();
                if (key.startsWith("$")) {
                    problems.add(label + ": strategic-merge directive " + key + " is not understood by the test");
                } else if (e.getValue() == null) {
                    out.remove(key);
                } else {
                    out.put(key, merge(out.get(key), e.getValue(), label, problems));
                }
            }
            return out;
        }
        if (base instanceof List<?> b && patch instanceof List<?> p && byName(b) && byName(p)) {
            List<Object> out = new ArrayList<>(b);
            for (Object item : p) {
                Object name = ((Map<?, ?>) item).get("name");
                int at = -1;
                for (int i = 0; i < out.size(); i++) {
                    if (Objects.equals(((Map<?, ?>) out.get(i)).get("name"), name)) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    out.set(at, merge(out.get(at), item, label, problems));
                } else {
                    out.add(item);
                }
            }
            return out;
        }
        return patch;
    }

    private static boolean byName(List<?> l) {
        return !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map<?, ?> m && m.get("name") != null);
    }

    /** The containers (and init containers) of a workload. */
    static List<Map<String, Object>> containers(Res r) {
        Map<String, Object> podSpec = podSpec(r);
        List<Map<String, Object>> out = new ArrayList<>();
        if (podSpec != null) {
            for (String key : List.of("initContainers", "containers")) {
                Y.list(podSpec.get(key)).forEach(c -> out.add(Y.map(c)));
            }
        }
        return out;
    }

    static Map<String, Object> podSpec(Res r) {
        if (!Set.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(r.kind())) {
            return null;
        }
        return Y.map(Y.map(Y.map(r.doc, "spec"), "template"), "spec");
    }

    static String repo(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    private String rel(Path p) {
        return "deploy/" + deployDir.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
