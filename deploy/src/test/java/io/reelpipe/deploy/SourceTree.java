package io.reelpipe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** What the manifests are checked against: the Maven modules of the repository and their Java sources. */
final class SourceTree {

    /** One Maven module directly below the root (the apps and libraries of the reactor). */
    record Module(String name, Path dir, String artifactId, Set<String> reelpipeDeps, Set<String> allDeps,
                  Map<String, String> properties, boolean springBootApp, Set<String> filters,
                  JavaSource.Properties ownProperties) {
    }

    private static final Pattern FILTER_NAME = Pattern.compile(
            "implements\\s+Filter\\s*<[\\s\\S]*?String\\s+name\\s*\\(\\s*\\)\\s*\\{\\s*return\\s+\"([^\"]+)\"\\s*;");

    final Path root;
    final String version;
    final Map<String, Module> modules = new LinkedHashMap<>();
    /** {@code Topics.STAGE_PREFIX}, {@code Topics.TASK_PARTITIONS} and the consumer-group prefix of the runtime. */
    final String stagePrefix;
    final int taskPartitions;
    final String groupPrefix;

    private SourceTree(Path root) {
        this.root = root;
        this.version = text(pom(root.resolve("pom.xml")).getDocumentElement(), "version");
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("src"))) {
                    Module m = readModule(dir);
                    modules.put(m.name(), m);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path pipeline = root.resolve("pipeline-dsl/src/main/java/io/reelpipe/pipeline");
        Map<String, String> topics = JavaSource.constants(read(pipeline.resolve("wire/Topics.java")));
        this.stagePrefix = require(topics.get("STAGE_PREFIX"), "Topics.STAGE_PREFIX");
        this.taskPartitions = Integer.parseInt(require(topics.get("TASK_PARTITIONS"), "Topics.TASK_PARTITIONS"));
        Matcher group = Pattern.compile("String\\s+group\\s*\\(\\s*String\\s+\\w+\\s*\\)\\s*\\{\\s*return\\s+\"([^\"]*)\"\\s*\\+")
                .matcher(read(pipeline.resolve("runtime/StageRuntime.java")));
        this.groupPrefix = group.find() ? group.group(1)
                : require(null, "StageRuntime.group(String) returning \"<prefix>\" + filterName");
    }

    static SourceTree load() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return new SourceTree(p);
            }
        }
        throw new IllegalStateException("repository root (with deploy/k8s) not found above " + dir);
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Optional<Module> module(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    /** The module and every io.reelpipe module it depends on (compile/runtime), transitively. */
    Set<Module> closure(Module m) {
        Set<Module> out = new LinkedHashSet<>();
        Deque<Module> todo = new ArrayDeque<>(List.of(m));
        while (!todo.isEmpty()) {
            Module cur = todo.pop();
            if (out.add(cur)) {
                for (String dep : cur.reelpipeDeps()) {
                    modules.values().stream().filter(x -> x.artifactId().equals(dep)).findFirst().ifPresent(todo::push);
                }
            }
        }
        return out;
    }

    /** Every configuration property the service built from module {@code m} binds from its own source tree. */
    JavaSource.Properties properties(Module m) {
        JavaSource.Properties out = new JavaSource.Properties();
        closure(m).forEach(x -> out.addAll(x.ownProperties()));
        return out;
    }

    /** Every configuration property of every module: what a ConfigMap shared by all services may set. */
    JavaSource.Properties allProperties() {
        JavaSource.Properties out = new JavaSource.Properties();
        modules.values().forEach(x -> out.addAll(x.ownProperties()));
        return out;
    }

    /** Whether the module or one of its io.reelpipe dependencies depends on an artifact whose id contains {@code s}. */
    boolean dependsOn(Module m, String artifactIdPart) {
        return closure(m).stream().anyMatch(x -> x.allDeps().stream().anyMatch(d -> d.contains(artifactIdPart)));
    }

    private Module readModule(Path dir) {
        Element project = pom(dir.resolve("pom.xml")).getDocumentElement();
        String artifactId = text(project, "artifactId");
        Set<String> reelpipe = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>();
        Element deps = child(project, "dependencies");
        if (deps != null) {
            for (Element d : children(deps, "dependency")) {
                String scope = Optional.ofNullable(text(d, "scope")).orElse("compile");
                if (scope.equals("test")) {
                    continue;
                }
                all.add(text(d, "artifactId"));
                if ("io.reelpipe".equals(text(d, "groupId"))) {
                    reelpipe.add(text(d, "artifactId"));
                }
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        Element p = child(project, "properties");
        if (p != null) {
            for (Element e : children(p, null)) {
                props.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        boolean app = false;
        Set<String> filters = new LinkedHashSet<>();
        JavaSource.Properties own = new JavaSource.Properties();
        Path main = dir.resolve("src/main/java");
        if (Files.isDirectory(main)) {
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    String src = read(f);
                    if (src.contains("@SpringBootApplication") && src.contains("static void main")) {
                        app = true;
                    }
                    if (src.contains("@ConfigurationProperties")) {
                        own.addAll(JavaSource.configurationProperties(src));
                    }
                    if (src.contains("implements Filter")) {
                        Matcher fm = FILTER_NAME.matcher(JavaSource.stripComments(src));
                        if (fm.find()) {
                            filters.add(fm.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Module(dir.getFileName().toString(), dir, artifactId, reelpipe, all, props, app, filters, own);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("deploy test: cannot find " + what + " in pipeline-dsl; the manifests' "
                    + "topic/group/partition rules are derived from it");
        }
        return value;
    }

    private static Document pom(Path p) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(p.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + p, e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        NodeList list = parent.getChildNodes();
        List<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
