package io.reelpipe.deploy;

import io.reelpipe.deploy.Kustomize.Render;
import io.reelpipe.deploy.Kustomize.Res;
import io.reelpipe.deploy.SourceTree.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The invariants the manifests must keep. Each check returns violations worded
 * {@code [render] file: Kind/name: rule: detail}, so a failing build says which manifest breaks which rule.
 */
final class Rules {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String PROMETHEUS = "/actuator/prometheus";
    static final String SHARED_CONFIG = "reelpipe-config";
    static final String SECRET = "reelpipe-secrets";
    /** Variables that are not Spring Boot application properties of ours but are fine to set. */
    static final List<String> ALLOWED_PREFIXES = List.of("SPRING_", "MANAGEMENT_", "LOGGING_", "NVIDIA_");
    static final Set<String> ALLOWED_NAMES = Set.of("SERVER_PORT", "JAVA_TOOL_OPTIONS");
    private static final Pattern SECRET_LIKE = Pattern.compile("PASSWORD|SECRET|ACCESS_KEY|API_KEY|TOKEN");
    private static final Pattern IMAGE = Pattern.compile("^(?:(.+)/)?reelpipe/([a-z0-9-]+):([\\w.-]+)$");

    private final SourceTree src;
    private final Set<String> templateSecretKeys;

    Rules(SourceTree src) {
        this.src = src;
        Path template = src.deploy().resolve("k8s/base/secret.template.yaml");
        this.templateSecretKeys = Files.isRegularFile(template)
                ? Y.map(Y.loadOne(template)).containsKey("stringData")
                        ? Y.map(Y.map(Y.loadOne(template)).get("stringData")).keySet()
                        : Y.map(Y.map(Y.loadOne(template)).get("data")).keySet()
                : Set.of();
    }

    Set<String> templateSecretKeys() {
        return templateSecretKeys;
    }

    // ------------------------------------------------------------------ resolution

    List<String> resolution(Render r) {
        List<String> v = new ArrayList<>();
        r.problems().forEach(p -> v.add("[" + r.label() + "] " + p + " (rule: kustomization references resolve)"));
        Set<String> seen = new LinkedHashSet<>();
        for (Res res : r.resources()) {
            if (res.doc.get("apiVersion") == null || res.doc.get("kind") == null || res.name().equals("?")) {
                v.add(fmt(r, res, "every object has apiVersion, kind and metadata.name", "missing"));
            }
            if (!seen.add(res.kind() + "/" + res.name())) {
                v.add(fmt(r, res, "kind/name unique per render", "defined twice"));
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ images

    List<String> images(Render r, boolean requireProjectVersion) {
        List<String> v = new ArrayList<>();
        for (Res d : r.ofKind("Deployment")) {
            for (Map<String, Object> c : Kustomize.containers(d)) {
                String image = Objects.toString(c.get("image"), "");
                Matcher m = IMAGE.matcher(image);
                if (!m.matches()) {
                    v.add(fmt(r, d, "image is [registry/]reelpipe/<module>:<tag>", "container " + c.get("name")
                            + " has image '" + image + "'"));
                    continue;
                }
                String module = m.group(2);
                Optional<Module> mod = src.module(module);
                if (mod.isEmpty()) {
                    v.add(fmt(r, d, "image names an existing Maven module", "no module directory '" + module + "'"));
                    continue;
                }
                if (!mod.get().springBootApp()) {
                    v.add(fmt(r, d, "image names a module with a Spring Boot main class", module
                            + " has no @SpringBootApplication with main()"));
                }
                if (!"false".equals(mod.get().properties().get("jib.skip"))) {
                    v.add(fmt(r, d, "the image is built by -Pimages", module + "/pom.xml must set <jib.skip>false"
                            + "</jib.skip> (the images profile skips every other module)"));
                }
                if (!d.name().equals(module)) {
                    v.add(fmt(r, d, "Deployment is named after its module", "runs " + module));
                }
                String tag = m.group(3);
                if (requireProjectVersion ? !tag.equals(src.version) : !tag.startsWith(src.version)) {
                    v.add(fmt(r, d, "image tag is the project version" + (requireProjectVersion ? "" : " (+suffix)"),
                            "tag '" + tag + "', pom version " + src.version));
                }
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ worker pools and KEDA

    List<String> workers(Render r) {
        List<String> v = new ArrayList<>();
        List<Res> scaled = r.ofKind("ScaledObject");
        Set<String> deployments = new LinkedHashSet<>();
        r.ofKind("Deployment").forEach(d -> deployments.add(d.name()));
        for (Res so : scaled) {
            String target = Objects.toString(Y.peek(so.doc, "spec", "scaleTargetRef").get("name"));
            if (!deployments.contains(target)) {
                v.add(fmt(r, so, "scaleTargetRef names a Deployment of this render", "'" + target + "' not found"));
            }
        }
        for (Module m : src.modules.values()) {
            if (m.filters().isEmpty() || !m.springBootApp()) {
                continue;
            }
            Optional<Res> dep = r.find("Deployment", m.name());
            if (dep.isEmpty()) {
                v.add("[" + r.label() + "] worker module " + m.name() + " (filters " + m.filters() + ") has no "
                        + "Deployment named " + m.name() + " (rule: every worker pool has its own Deployment)");
                continue;
            }
            Res d = dep.get();
            String label = Objects.toString(Y.peek(d.doc, "metadata", "labels").get("reelpipe.io/filter"), null);
            if (m.filters().size() == 1 && !m.filters().contains(label)) {
                v.add(fmt(r, d, "label reelpipe.io/filter names the worker's filter", "label '" + label
                        + "', the module's Filter is " + m.filters()));
            }
            List<Res> mine = scaled.stream().filter(so -> d.name().equals(
                    Y.peek(so.doc, "spec", "scaleTargetRef").get("name"))).toList();
            if (mine.size() != 1) {
                v.add(fmt(r, d, "exactly one KEDA ScaledObject scales each worker Deployment", "found "
                        + mine.size()));
                continue;
            }
            Res so = mine.get(0);
            Map<String, Object> spec = Y.map(so.doc.get("spec"));
            Object kindRef = Y.map(spec.get("scaleTargetRef")).get("kind");
            if (kindRef != null && !kindRef.equals("Deployment")) {
                v.add(fmt(r, so, "scaleTargetRef.kind is Deployment", "is " + kindRef));
            }
            int max = asInt(spec.get("maxReplicaCount"), -1);
            int min = asInt(spec.get("minReplicaCount"), 0);
            if (max < 1 || max > src.taskPartitions) {
                v.add(fmt(r, so, "1 <= maxReplicaCount <= partitions of a task topic (Topics.TASK_PARTITIONS = "
                        + src.taskPartitions + ")", "maxReplicaCount " + spec.get("maxReplicaCount")));
            }
            if (min > max) {
                v.add(fmt(r, so, "minReplicaCount <= maxReplicaCount", min + " > " + max));
            }
            Map<String, Res> hpaTargets = new LinkedHashMap<>();
            r.ofKind("HorizontalPodAutoscaler").forEach(h -> hpaTargets.put(Objects.toString(
                    Y.peek(h.doc, "spec", "scaleTargetRef").get("name")), h));
            if (hpaTargets.containsKey(d.name())) {
                v.add(fmt(r, hpaTargets.get(d.name()), "no HPA on a KEDA-scaled worker (KEDA creates its own)",
                        "targets " + d.name()));
            }
            List<Map<String, Object>> kafka = new ArrayList<>();
            for (Object t : Y.list(spec.get("triggers"))) {
                Map<String, Object> trig = Y.map(t);
                if ("kafka".equals(trig.get("type"))) {
                    kafka.add(Y.map(trig.get("metadata")));
                }
            }
            Set<String> covered = new LinkedHashSet<>();
            Map<String, EnvValue> env = effectiveEnv(r, d, Kustomize.containers(d).get(0));
            for (Map<String, Object> md : kafka) {
                md.forEach((k, val) -> {
                    if (!(val instanceof String)) {
                        v.add(fmt(r, so, "KEDA trigger metadata values are strings (quote them)", k + ": " + val));
                    }
                });
                String topic = Objects.toString(md.get("topic"), "");
                String filter = topic.startsWith(src.stagePrefix) ? topic.substring(src.stagePrefix.length()) : null;
                if (filter == null || !m.filters().contains(filter)) {
                    v.add(fmt(r, so, "kafka trigger topic is " + src.stagePrefix + "<filter> of the worker's filter "
                            + m.filters(), "topic '" + topic + "'"));
                    continue;
                }
                covered.add(filter);
                String group = src.groupPrefix + filter;
                if (!group.equals(md.get("consumerGroup"))) {
                    v.add(fmt(r, so, "kafka trigger consumerGroup is the pool's group (StageRuntime.group) "
                            + group, "consumerGroup '" + md.get("consumerGroup") + "'"));
                }
                if (!"false".equals(String.valueOf(md.get("allowIdleConsumers")))) {
                    v.add(fmt(r, so, "allowIdleConsumers: \"false\" (partitions are the replica ceiling)",
                            "allowIdleConsumers " + md.get("allowIdleConsumers")));
                }
                if (!String.valueOf(md.get("lagThreshold")).matches("[1-9]\\d*")) {
                    v.add(fmt(r, so, "lagThreshold is a positive integer", "lagThreshold " + md.get("lagThreshold")));
                }
                EnvValue servers = env.get("REELPIPE_KAFKA_BOOTSTRAP_SERVERS");
                if (servers == null || servers.literal() == null
                        || !servers.literal().equals(md.get("bootstrapServers"))) {
                    v.add(fmt(r, so, "kafka trigger bootstrapServers equals the worker's REELPIPE_KAFKA_BOOTSTRAP_SERVERS",
                            "trigger '" + md.get("bootstrapServers") + "', worker '"
                                    + (servers == null ? null : servers.literal()) + "'"));
                }
            }
            if (!covered.containsAll(m.filters())) {
                v.add(fmt(r, so, "a kafka trigger per filter of the worker", "missing for "
                        + m.filters().stream().filter(f -> !covered.contains(f)).toList()));
            }
            // the scratch directory of the stage runtime is a size-limited emptyDir
            Map<String, Object> c = Kustomize.containers(d).get(0);
            EnvValue scratch = env.get("REELPIPE_RUNTIME_SCRATCH_DIR");
            if (scratch == null || scratch.literal() == null) {
                v.add(fmt(r, d, "REELPIPE_RUNTIME_SCRATCH_DIR is set (stage scratch on a volume)", "missing"));
            } else if (mountFor(d, c, scratch.literal()).isEmpty()) {
                v.add(fmt(r, d, "REELPIPE_RUNTIME_SCRATCH_DIR is on a mounted emptyDir", scratch.literal()
                        + " is not below a volumeMount"));
            }
            EnvValue grace = env.get("REELPIPE_RUNTIME_SHUTDOWN_GRACE");
            int period = asInt(Kustomize.podSpec(d).get("terminationGracePeriodSeconds"), 30);
            if (grace != null && grace.literal() != null && seconds(grace.literal()) >= period) {
                v.add(fmt(r, d, "terminationGracePeriodSeconds exceeds REELPIPE_RUNTIME_SHUTDOWN_GRACE",
                        period + "s <= " + grace.literal()));
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ environment variables

    List<String> env(Render r) {
        List<String> v = new ArrayList<>();
        Set<String> secretKeysInRender = r.find("Secret", SECRET).map(s -> {
            Set<String> keys = new LinkedHashSet<>(Y.map(s.doc.get("stringData")).keySet());
            keys.addAll(Y.map(s.doc.get("data")).keySet());
            return keys;
        }).orElse(null);
        JavaSource.Properties all = src.allProperties();
        for (Res cm : r.ofKind("ConfigMap")) {
            for (Map.Entry<String, Object> e : Y.map(cm.doc.get("data")).entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    v.add(fmt(r, cm, "ConfigMap values are strings (quote numbers and booleans)", e.getKey()));
                }
                if (!allowed(e.getKey()) && !binds(e.getKey(), all)) {
                    v.add(fmt(r, cm, "every variable maps to a configuration property of a Reelpipe service",
                            e.getKey() + " binds to no @ConfigurationProperties property in the source tree"));
                }
                if (SECRET_LIKE.matcher(e.getKey()).find()) {
                    v.add(fmt(r, cm, "credentials live in the Secret, not in a ConfigMap", e.getKey()));
                }
            }
        }
        for (Res d : r.ofKind("Deployment")) {
            Optional<Module> mod = moduleOf(d);
            if (mod.isEmpty()) {
                continue; // reported by images()
            }
            JavaSource.Properties props = src.properties(mod.get());
            for (Map<String, Object> c : Kustomize.containers(d)) {
                Set<String> names = new LinkedHashSet<>();
                for (Object o : Y.list(c.get("env"))) {
                    Map<String, Object> e = Y.map(o);
                    String name = Objects.toString(e.get("name"));
                    if (!names.add(name)) {
                        v.add(fmt(r, d, "env names are unique per container", name + " twice"));
                    }
                    if (!allowed(name) && !binds(name, props)) {
                        v.add(fmt(r, d, "every env var maps to a configuration property of the service", name
                                + " binds to no property of " + mod.get().name() + " or its reelpipe dependencies"));
                    }
                    if (e.containsKey("value") && !(e.get("value") instanceof String)) {
                        v.add(fmt(r, d, "env values are strings (quote numbers and booleans)", name));
                    }
                    Map<String, Object> from = Y.map(e.get("valueFrom"));
                    if (e.containsKey("value") && SECRET_LIKE.matcher(name).find()) {
                        v.add(fmt(r, d, "credentials come from the Secret (secretKeyRef), never a literal", name));
                    }
                    Map<String, Object> sref = Y.map(from.get("secretKeyRef"));
                    if (!sref.isEmpty()) {
                        String key = Objects.toString(sref.get("key"));
                        if (!SECRET.equals(sref.get("name"))) {
                            v.add(fmt(r, d, "secrets come from " + SECRET, name + " reads " + sref.get("name")));
                        } else if (!templateSecretKeys.contains(key)) {
                            v.add(fmt(r, d, "secretKeyRef keys exist in deploy/k8s/base/secret.template.yaml",
                                    name + " reads key '" + key + "'"));
                        } else if (secretKeysInRender != null && !secretKeysInRender.contains(key)) {
                            v.add(fmt(r, d, "secretKeyRef keys exist in the render's Secret " + SECRET,
                                    name + " reads key '" + key + "'"));
                        }
                    }
                    Map<String, Object> cref = Y.map(from.get("configMapKeyRef"));
                    if (!cref.isEmpty()) {
                        Optional<Res> cm = r.find("ConfigMap", Objects.toString(cref.get("name")));
                        if (cm.isEmpty() || !Y.map(cm.get().doc.get("data")).containsKey(cref.get("key"))) {
                            v.add(fmt(r, d, "configMapKeyRef points at an existing key", name));
                        }
                    }
                }
                for (Object o : Y.list(c.get("envFrom"))) {
                    Map<String, Object> ef = Y.map(o);
                    Object cmName = Y.map(ef.get("configMapRef")).get("name");
                    if (cmName != null && r.find("ConfigMap", cmName.toString()).isEmpty()) {
                        v.add(fmt(r, d, "envFrom ConfigMaps exist in the render", cmName.toString()));
                    }
                    if (ef.get("secretRef") != null) {
                        v.add(fmt(r, d, "secrets are mapped key by key (secretKeyRef), not with envFrom",
                                ef.get("secretRef").toString()));
                    }
                }
                Map<String, EnvValue> eff = effectiveEnv(r, d, c);
                requireSecret(r, d, eff, props.leaves().contains("reelpipe.s3.access-key"), "REELPIPE_S3_ACCESS_KEY", v);
                requireSecret(r, d, eff, props.leaves().contains("reelpipe.s3.secret-key"), "REELPIPE_S3_SECRET_KEY", v);
                requireSecret(r, d, eff, src.dependsOn(mod.get(), "r2dbc"), "SPRING_R2DBC_PASSWORD", v);
                requireSecret(r, d, eff, src.dependsOn(mod.get(), "flyway"), "SPRING_FLYWAY_PASSWORD", v);
            }
        }
        return v;
    }

    private void requireSecret(Render r, Res d, Map<String, EnvValue> env, boolean needed, String name,
                               List<String> v) {
        if (needed && (env.get(name) == null || !env.get(name).fromSecret())) {
            v.add(fmt(r, d, "a service that binds a credential gets it from the Secret", name
                    + " must be a secretKeyRef into " + SECRET));
        }
    }

    static boolean allowed(String env) {
        return ALLOWED_NAMES.contains(env) || ALLOWED_PREFIXES.stream().anyMatch(env::startsWith);
    }

    /** Whether Spring Boot's relaxed binding maps the environment variable onto one of the properties. */
    static boolean binds(String env, JavaSource.Properties props) {
        SystemEnvironmentPropertySource ps = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(env, "x"));
        for (ConfigurationPropertySource cps : ConfigurationPropertySources.from(ps)) {
            for (String leaf : props.leaves()) {
                ConfigurationProperty p = cps.getConfigurationProperty(ConfigurationPropertyName.of(leaf));
                if (p != null) {
                    return true;
                }
            }
            for (String root : props.wildcardRoots()) {
                if (cps.containsDescendantOf(ConfigurationPropertyName.of(root)) == ConfigurationPropertyState.PRESENT) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ probes, metrics, pods

    List<String> probes(Render r) {
        List<String> v = new ArrayList<>();
        for (Res d : r.ofKind("Deployment")) {
            for (Map<String, Object> c : Kustomize.containers(d)) {
                Map<String, EnvValue> env = effectiveEnv(r, d, c);
                String mgmt = literal(env, "MANAGEMENT_SERVER_PORT", literal(env, "SERVER_PORT", "8080"));
                String exposure = literal(env, "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health");
                if (!List.of(exposure.split(",")).containsAll(List.of("health", "prometheus"))) {
                    v.add(fmt(r, d, "actuator exposes health and prometheus", "exposure '" + exposure + "'"));
                }
                if (!"true".equals(literal(env, "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true"))) {
                    v.add(fmt(r, d, "health probe groups enabled", "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED"));
                }
                Map<String, Object> probePaths = Map.of("livenessProbe", LIVENESS, "readinessProbe", READINESS,
                        "startupProbe", LIVENESS);
                for (Map.Entry<String, Object> e : probePaths.entrySet()) {
                    Map<String, Object> probe = Y.map(c.get(e.getKey()));
                    if (probe.isEmpty()) {
                        if (!e.getKey().equals("startupProbe")) {
                            v.add(fmt(r, d, "liveness and readiness probes are defined", e.getKey() + " missing"));
                        }
                        continue;
                    }
                    Map<String, Object> get = Y.map(probe.get("httpGet"));
                    if (!e.getValue().equals(get.get("path"))) {
                        v.add(fmt(r, d, e.getKey() + " uses actuator's " + e.getValue(), "path '" + get.get("path")
                                + "'"));
                    }
                    String port = resolvePort(c, get.get("port"));
                    if (!mgmt.equals(port)) {
                        v.add(fmt(r, d, e.getKey() + " targets the management port " + mgmt, "port " + get.get("port")
                                + " -> " + port));
                    }
                }
                Map<String, Object> ann = Y.peek(d.doc, "spec", "template", "metadata", "annotations");
                if (!"true".equals(ann.get("prometheus.io/scrape")) || !mgmt.equals(ann.get("prometheus.io/port"))
                        || !PROMETHEUS.equals(ann.get("prometheus.io/path"))) {
                    v.add(fmt(r, d, "pod template has Prometheus scrape annotations (scrape \"true\", port = "
                            + "management port " + mgmt + ", path " + PROMETHEUS + ")", "annotations " + ann));
                }
            }
        }
        return v;
    }

    List<String> pods(Render r) {
        List<String> v = new ArrayList<>();
        for (Res d : r.ofKind("Deployment")) {
            Map<String, Object> pod = Kustomize.podSpec(d);
            if (!Boolean.TRUE.equals(Y.map(pod.get("securityContext")).get("runAsNonRoot"))) {
                v.add(fmt(r, d, "pods run as non-root (securityContext.runAsNonRoot: true)", "not set"));
            }
            if (pod.get("terminationGracePeriodSeconds") == null) {
                v.add(fmt(r, d, "terminationGracePeriodSeconds is explicit", "missing"));
            }
            Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
            for (Object o : Y.list(pod.get("volumes"))) {
                Map<String, Object> vol = Y.map(o);
                volumes.put(Objects.toString(vol.get("name")), vol);
                if (vol.containsKey("emptyDir") && Y.map(vol.get("emptyDir")).get("sizeLimit") == null) {
                    v.add(fmt(r, d, "every emptyDir has a sizeLimit", "volume " + vol.get("name")));
                }
            }
            Map<String, Object> selector = Y.peek(d.doc, "spec", "selector", "matchLabels");
            Map<String, Object> labels = Y.peek(d.doc, "spec", "template", "metadata", "labels");
            if (selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
                v.add(fmt(r, d, "selector.matchLabels match the pod template labels", selector + " vs " + labels));
            }
            for (Map<String, Object> c : Kustomize.containers(d)) {
                Map<String, Object> sc = Y.map(c.get("securityContext"));
                if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))
                        || !Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                    v.add(fmt(r, d, "containers have readOnlyRootFilesystem: true and allowPrivilegeEscalation: false",
                            "container " + c.get("name") + ": " + sc));
                }
                for (Object o : Y.list(c.get("volumeMounts"))) {
                    Map<String, Object> vm = Y.map(o);
                    if (!volumes.containsKey(Objects.toString(vm.get("name")))) {
                        v.add(fmt(r, d, "volumeMounts name a volume of the pod", "mount " + vm.get("name")));
                    }
                }
                if (Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem")) && mountFor(d, c, "/tmp").isEmpty()) {
                    v.add(fmt(r, d, "with a read-only root filesystem /tmp is a mounted volume", "no mount at /tmp"));
                }
                Map<String, EnvValue> env = effectiveEnv(r, d, c);
                String jto = literal(env, "JAVA_TOOL_OPTIONS", "");
                Matcher paths = Pattern.compile("-D([\\w.]+)=(/\\S*)").matcher(jto);
                while (paths.find()) {
                    if (mountFor(d, c, paths.group(2)).isEmpty()) {
                        v.add(fmt(r, d, "JVM directories (-D...=/path) are on a writable volume", paths.group(1) + "="
                                + paths.group(2)));
                    }
                }
                Optional<Module> mod = moduleOf(d);
                if (mod.isPresent() && src.dependsOn(mod.get(), "media-ffmpeg")
                        && !jto.contains("-Dorg.bytedeco.javacpp.cachedir=")) {
                    v.add(fmt(r, d, "FFmpeg users set -Dorg.bytedeco.javacpp.cachedir in JAVA_TOOL_OPTIONS (natives "
                            + "are extracted at startup; the root filesystem is read-only)", "missing"));
                }
                Map<String, Object> res = Y.map(c.get("resources"));
                for (String kind : List.of("requests", "limits")) {
                    Map<String, Object> m = Y.map(res.get(kind));
                    if (m.get("cpu") == null || m.get("memory") == null) {
                        v.add(fmt(r, d, "containers set cpu and memory " + kind, "container " + c.get("name")));
                    }
                }
                if (Y.peek(c, "lifecycle", "preStop").isEmpty()) {
                    v.add(fmt(r, d, "containers have a preStop hook", "container " + c.get("name")));
                }
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ services and autoscaling of the APIs

    List<String> services(Render r) {
        List<String> v = new ArrayList<>();
        for (Res s : r.ofKind("Service")) {
            Map<String, Object> sel = Y.peek(s.doc, "spec", "selector");
            Optional<Res> d = r.ofKind("Deployment").stream().filter(x -> Y.peek(x.doc, "spec", "template", "metadata",
                    "labels").entrySet().containsAll(sel.entrySet())).findFirst();
            if (sel.isEmpty() || d.isEmpty()) {
                v.add(fmt(r, s, "Service selector matches a Deployment's pods", "selector " + sel));
                continue;
            }
            for (Object o : Y.list(Y.map(s.doc.get("spec")).get("ports"))) {
                Object target = Y.map(o).get("targetPort");
                if (Kustomize.containers(d.get()).stream().map(c -> resolvePort(c, target)).noneMatch(Objects::nonNull)) {
                    v.add(fmt(r, s, "Service targetPort is a container port", "targetPort " + target));
                }
            }
            Res dep = d.get();
            boolean scaled = r.ofKind("HorizontalPodAutoscaler").stream().anyMatch(h -> dep.name().equals(
                    Y.peek(h.doc, "spec", "scaleTargetRef").get("name")) && Y.list(Y.map(h.doc.get("spec"))
                    .get("metrics")).stream().anyMatch(m -> "cpu".equals(Y.peek(Y.map(m), "resource").get("name"))))
                    || r.ofKind("ScaledObject").stream().anyMatch(so -> dep.name().equals(
                    Y.peek(so.doc, "spec", "scaleTargetRef").get("name")));
            if (!scaled) {
                v.add(fmt(r, dep, "a Deployment behind a Service is autoscaled (HPA on cpu or KEDA)", "none found"));
            }
        }
        for (Res h : r.ofKind("HorizontalPodAutoscaler")) {
            Map<String, Object> spec = Y.map(h.doc.get("spec"));
            if (asInt(spec.get("minReplicas"), 1) > asInt(spec.get("maxReplicas"), 0)) {
                v.add(fmt(r, h, "minReplicas <= maxReplicas", spec.get("minReplicas") + " > " + spec.get("maxReplicas")));
            }
            String target = Objects.toString(Y.peek(h.doc, "spec", "scaleTargetRef").get("name"));
            if (r.find("Deployment", target).isEmpty()) {
                v.add(fmt(r, h, "HPA targets a Deployment of this render", target));
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ GPUs

    List<String> gpu(Render r, Set<String> mustRunOnGpu, Set<String> cudaImages) {
        List<String> v = new ArrayList<>();
        for (Res d : r.ofKind("Deployment")) {
            Map<String, Object> pod = Kustomize.podSpec(d);
            boolean requests = false;
            for (Map<String, Object> c : Kustomize.containers(d)) {
                Object gpus = Y.peek(c, "resources", "limits").get("nvidia.com/gpu");
                requests |= gpus != null && asInt(gpus, 0) >= 1;
                String device = literal(effectiveEnv(r, d, c), "REELPIPE_KEYWORD_DEVICE", "auto");
                if (device.equals("gpu") && !requests) {
                    v.add(fmt(r, d, "REELPIPE_KEYWORD_DEVICE=gpu only with a GPU in resources.limits", "no GPU"));
                }
                if (cudaImages.contains(d.name()) && !Objects.toString(c.get("image"), "").endsWith("-cuda")) {
                    v.add(fmt(r, d, "CUDA image tag ends with -cuda (Maven cuda profile)",
                            "image " + c.get("image")));
                }
            }
            boolean tolerates = Y.list(pod.get("tolerations")).stream()
                    .anyMatch(t -> "nvidia.com/gpu".equals(Y.map(t).get("key")));
            boolean selects = Y.map(pod.get("nodeSelector")).keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/"))
                    || !Y.peek(pod, "affinity", "nodeAffinity").isEmpty();
            if (requests && (!tolerates || !selects)) {
                v.add(fmt(r, d, "a pod requesting nvidia.com/gpu tolerates nvidia.com/gpu and selects GPU nodes",
                        "toleration " + tolerates + ", nodeSelector " + selects));
            }
            if (mustRunOnGpu.contains(d.name()) && !requests) {
                v.add(fmt(r, d, "runs on a GPU in this overlay (resources.limits nvidia.com/gpu >= 1)", "no GPU"));
            }
        }
        for (String name : mustRunOnGpu) {
            if (r.find("Deployment", name).isEmpty()) {
                v.add("[" + r.label() + "] Deployment " + name + " missing (rule: runs on a GPU in this overlay)");
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ helpers

    /** An environment variable as the container will see it. */
    record EnvValue(String literal, boolean fromSecret) {
    }

    /** envFrom ConfigMaps first, explicit env entries over them (Kubernetes' precedence). */
    static Map<String, EnvValue> effectiveEnv(Render r, Res d, Map<String, Object> c) {
        Map<String, EnvValue> out = new LinkedHashMap<>();
        for (Object o : Y.list(c.get("envFrom"))) {
            Object cm = Y.map(Y.map(o).get("configMapRef")).get("name");
            if (cm != null) {
                r.find("ConfigMap", cm.toString()).ifPresent(x -> Y.map(x.doc.get("data"))
                        .forEach((k, val) -> out.put(k, new EnvValue(Y.str(val), false))));
            }
        }
        for (Object o : Y.list(c.get("env"))) {
            Map<String, Object> e = Y.map(o);
            Map<String, Object> from = Y.map(e.get("valueFrom"));
            String name = Objects.toString(e.get("name"));
            if (e.containsKey("value")) {
                out.put(name, new EnvValue(Y.str(e.get("value")), false));
            } else if (from.containsKey("secretKeyRef")) {
                out.put(name, new EnvValue(null, true));
            } else if (from.containsKey("configMapKeyRef")) {
                Map<String, Object> ref = Y.map(from.get("configMapKeyRef"));
                out.put(name, new EnvValue(r.find("ConfigMap", Objects.toString(ref.get("name")))
                        .map(x -> Y.str(Y.map(x.doc.get("data")).get(ref.get("key")))).orElse(null), false));
            } else {
                out.put(name, new EnvValue(null, false));
            }
        }
        return out;
    }

    private static String literal(Map<String, EnvValue> env, String name, String dflt) {
        EnvValue e = env.get(name);
        return e == null || e.literal() == null ? dflt : e.literal().trim();
    }

    private static String resolvePort(Map<String, Object> c, Object port) {
        if (port == null) {
            return null;
        }
        for (Object o : Y.list(c.get("ports"))) {
            Map<String, Object> p = Y.map(o);
            if (port.toString().equals(Y.str(p.get("name"))) || port.toString().equals(Y.str(p.get("containerPort")))) {
                return Y.str(p.get("containerPort"));
            }
        }
        return null;
    }

    /** The volumeMount whose path contains {@code path}, if it mounts a volume of the pod. */
    private static Optional<Map<String, Object>> mountFor(Res d, Map<String, Object> c, String path) {
        Set<String> volumes = new LinkedHashSet<>();
        Y.list(Kustomize.podSpec(d).get("volumes")).forEach(o -> volumes.add(Objects.toString(Y.map(o).get("name"))));
        for (Object o : Y.list(c.get("volumeMounts"))) {
            Map<String, Object> vm = Y.map(o);
            String mp = Objects.toString(vm.get("mountPath"), "");
            if ((path.equals(mp) || path.startsWith(mp.endsWith("/") ? mp : mp + "/"))
                    && volumes.contains(Objects.toString(vm.get("name"))) && !Boolean.TRUE.equals(vm.get("readOnly"))) {
                return Optional.of(vm);
            }
        }
        return Optional.empty();
    }

    private Optional<Module> moduleOf(Res d) {
        for (Map<String, Object> c : Kustomize.containers(d)) {
            Matcher m = IMAGE.matcher(Objects.toString(c.get("image"), ""));
            if (m.matches()) {
                return src.module(m.group(2));
            }
        }
        return Optional.empty();
    }

    static int asInt(Object o, int dflt) {
        if (o == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(o.toString().trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** {@code 870s}, {@code 15m}, {@code 2h}, {@code 500ms} or plain seconds. */
    static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?").matcher(duration.trim());
        if (!m.matches()) {
            return Long.MAX_VALUE;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> n / 1000;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        };
    }

    static String fmt(Render r, Res res, String rule, String detail) {
        return "[" + r.label() + "] " + res.where() + ": " + res + ": rule: " + rule + ": " + detail;
    }
}
