package io.reelpipe.deploy;

import io.reelpipe.deploy.SourceTree.Module;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Invariants of deploy/compose/compose.yaml: infrastructure present and wired, Reelpipe services configured. */
final class ComposeRules {

    /** Infrastructure service → the image repository it must run. */
    static final Map<String, String> INFRA = Map.of("minio", "minio/minio", "kafka", "apache/kafka",
            "postgres", "postgres:17", "redis", "redis:7");
    private static final Pattern REELPIPE_IMAGE = Pattern.compile(
            "^(?:.+/)?reelpipe/([a-z0-9-]+):(?:\\$\\{[A-Z_]+:-([\\w.-]+)}|([\\w.-]+))$");

    private final SourceTree src;

    ComposeRules(SourceTree src) {
        this.src = src;
    }

    List<String> check(Path file) {
        String where = "deploy/" + src.deploy().relativize(file).toString().replace('\\', '/');
        List<String> v = new ArrayList<>();
        Map<String, Object> compose = Y.map(Y.loadOne(file));
        Map<String, Object> services = Y.map(compose.get("services"));
        for (Map.Entry<String, String> infra : INFRA.entrySet()) {
            Map<String, Object> s = Y.map(services.get(infra.getKey()));
            String image = Objects.toString(s.get("image"), "");
            if (s.isEmpty()) {
                v.add(where + ": rule: infrastructure service '" + infra.getKey() + "' exists: missing");
            } else if (!image.replaceFirst("^(docker\\.io|quay\\.io)/", "").startsWith(infra.getValue())) {
                v.add(where + ": services." + infra.getKey() + ": rule: runs " + infra.getValue() + ": image '"
                        + image + "'");
            } else if (s.get("profiles") != null) {
                v.add(where + ": services." + infra.getKey() + ": rule: infrastructure starts without a profile");
            }
        }
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> s = Y.map(e.getValue());
            Object deps = s.get("depends_on");
            Iterable<?> names = deps instanceof Map<?, ?> m ? m.keySet() : Y.list(deps);
            for (Object dep : names) {
                if (!services.containsKey(dep.toString())) {
                    v.add(where + ": services." + e.getKey() + ": rule: depends_on names a service: '" + dep + "'");
                }
            }
        }
        Map<String, String> kafka = environment(Y.map(services.get("kafka")));
        if (!kafka.getOrDefault("KAFKA_PROCESS_ROLES", "").contains("controller")
                || !kafka.getOrDefault("KAFKA_PROCESS_ROLES", "").contains("broker")) {
            v.add(where + ": services.kafka: rule: single-node KRaft (KAFKA_PROCESS_ROLES broker,controller)");
        }
        if (Rules.asInt(kafka.get("KAFKA_NUM_PARTITIONS"), 0) < src.taskPartitions) {
            v.add(where + ": services.kafka: rule: KAFKA_NUM_PARTITIONS >= " + src.taskPartitions
                    + " (Topics.TASK_PARTITIONS): " + kafka.get("KAFKA_NUM_PARTITIONS"));
        }
        if (!kafka.getOrDefault("CLUSTER_ID", "").matches("[A-Za-z0-9_-]{22}")) {
            v.add(where + ": services.kafka: rule: CLUSTER_ID is a base64url UUID (22 characters): '"
                    + kafka.get("CLUSTER_ID") + "'");
        }
        Map<String, String> minio = environment(Y.map(services.get("minio")));
        String bucketInit = services.values().stream().map(Y::map)
                .filter(s -> Objects.toString(s.get("image"), "").contains("minio/mc"))
                .map(s -> Objects.toString(s.get("command"), "") + Objects.toString(s.get("entrypoint"), ""))
                .findFirst().orElse(null);
        if (bucketInit == null) {
            v.add(where + ": rule: a minio/mc job creates the bucket: none found");
        }
        int reelpipeServices = 0;
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> s = Y.map(e.getValue());
            Matcher m = REELPIPE_IMAGE.matcher(Objects.toString(s.get("image"), ""));
            if (!m.matches()) {
                continue;
            }
            reelpipeServices++;
            String at = where + ": services." + e.getKey() + ": rule: ";
            Optional<Module> mod = src.module(m.group(1));
            if (mod.isEmpty() || !mod.get().springBootApp()) {
                v.add(at + "image names a Maven module with a Spring Boot main class: " + m.group(1));
                continue;
            }
            String tag = m.group(2) != null ? m.group(2) : m.group(3);
            if (!src.version.equals(tag)) {
                v.add(at + "default image tag is the project version " + src.version + ": " + tag);
            }
            if (s.get("profiles") == null) {
                v.add(at + "Reelpipe services run only with a profile (infrastructure alone by default)");
            }
            JavaSource.Properties props = src.properties(mod.get());
            Map<String, String> env = environment(s);
            for (String name : env.keySet()) {
                if (!Rules.allowed(name) && !Rules.binds(name, props)) {
                    v.add(at + "every variable maps to a configuration property of the service: " + name);
                }
            }
            if (env.containsKey("REELPIPE_S3_ACCESS_KEY")
                    && (!env.get("REELPIPE_S3_ACCESS_KEY").equals(minio.get("MINIO_ROOT_USER"))
                    || !Objects.equals(env.get("REELPIPE_S3_SECRET_KEY"), minio.get("MINIO_ROOT_PASSWORD")))) {
                v.add(at + "S3 credentials are MinIO's");
            }
            String bucket = env.get("REELPIPE_S3_BUCKET");
            if (bucket != null && bucketInit != null && !bucketInit.contains("/" + bucket)) {
                v.add(at + "the bucket " + bucket + " is the one the minio/mc job creates");
            }
        }
        if (reelpipeServices == 0) {
            v.add(where + ": rule: the optional profile runs the Reelpipe services from their images: none found");
        }
        return v;
    }

    /** {@code environment:} as a map, whether written as a map or as a list of KEY=VALUE. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, val) -> out.put(k.toString(), val == null ? "" : val.toString()));
        } else {
            for (Object o : Y.list(env)) {
                String s = o.toString();
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return out;
    }
}
