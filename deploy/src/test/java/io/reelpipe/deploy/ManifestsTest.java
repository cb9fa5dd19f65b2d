package io.reelpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelpipe.deploy.Kustomize.Render;
import io.reelpipe.deploy.Kustomize.Res;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps deploy/ true to the code: renders the kustomize base and every overlay (without kubectl) and checks them
 * against the Maven modules, their @ConfigurationProperties and pipeline-dsl's topic/group/partition constants.
 * Failures name the render, the manifest file, the object and the rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsTest {

    /** Per overlay directory name: the Deployments that must run on GPU nodes there. */
    private static final Map<String, Set<String>> GPU_OVERLAYS = Map.of(
            "gpu", Set.of("keyword-worker"),
            "gpu-nvenc", Set.of("keyword-worker", "transcode-worker"));

    private SourceTree src;
    private Rules rules;
    private Kustomize kustomize;
    private Render base;
    private final List<Render> renders = new ArrayList<>();

    @BeforeAll
    void load() throws IOException {
        src = SourceTree.load();
        rules = new Rules(src);
        kustomize = new Kustomize(src.deploy());
        base = kustomize.render(src.deploy().resolve("k8s/base"));
        renders.add(base);
        try (Stream<Path> overlays = Files.list(src.deploy().resolve("k8s/overlays"))) {
            overlays.filter(Files::isDirectory).sorted().forEach(d -> renders.add(kustomize.render(d)));
        }
    }

    @Test
    void kustomizationsResolve() {
        assertTrue(renders.size() >= 2, "expected deploy/k8s/base and at least the gpu overlay");
        assertTrue(renders.stream().anyMatch(r -> r.dir().getFileName().toString().equals("gpu")),
                "deploy/k8s/overlays/gpu is missing");
        check("kustomize resources, components and patches resolve", rules::resolution);
    }

    @Test
    void imagesAreTheAppModules() {
        List<String> v = new ArrayList<>(rules.images(base, true));
        renders.stream().filter(r -> r != base).forEach(r -> v.addAll(rules.images(r, false)));
        report("every Deployment runs reelpipe/<module>:<version> of an app module built by -Pimages", v);
    }

    @Test
    void everyWorkerPoolScalesOnItsOwnConsumerGroupLag() {
        check("worker pools and their KEDA ScaledObjects", rules::workers);
    }

    @Test
    void environmentVariablesAreRealProperties() {
        check("environment variables, ConfigMap and Secret references", rules::env);
    }

    @Test
    void probesAndMetricsUseActuator() {
        check("probes and Prometheus on actuator's management port", rules::probes);
    }

    @Test
    void podsAreHardenedAndBounded() {
        check("pod security, volumes, resources and shutdown", rules::pods);
    }

    @Test
    void apisHaveServicesAndAutoscaling() {
        check("Services and HPAs of the APIs", rules::services);
    }

    @Test
    void gpuOverlaysPutTheirPoolsOnGpuNodes() {
        List<String> v = new ArrayList<>();
        for (Render r : renders) {
            Set<String> gpu = GPU_OVERLAYS.getOrDefault(r.dir().getFileName().toString(), Set.of());
            v.addAll(rules.gpu(r, gpu, gpu.contains("keyword-worker") ? Set.of("keyword-worker") : Set.of()));
            if (gpu.contains("keyword-worker")) {
                r.find("Deployment", "keyword-worker").ifPresent(d -> {
                    Map<String, Rules.EnvValue> env = Rules.effectiveEnv(r, d, Kustomize.containers(d).get(0));
                    Rules.EnvValue device = env.get("REELPIPE_KEYWORD_DEVICE");
                    if (device == null || !"gpu".equals(device.literal())) {
                        v.add(Rules.fmt(r, d, "the gpu overlay sets REELPIPE_KEYWORD_DEVICE=gpu", "is "
                                + (device == null ? null : device.literal())));
                    }
                });
            }
        }
        for (String name : GPU_OVERLAYS.keySet()) {
            if (renders.stream().noneMatch(r -> r.dir().getFileName().toString().equals(name))) {
                v.add("deploy/k8s/overlays/" + name + " is missing (rule: GPU overlays exist)");
            }
        }
        report("GPU placement", v);
    }

    @Test
    void secretTemplateIsOutsideTheBase() {
        List<String> v = new ArrayList<>();
        if (rules.templateSecretKeys().isEmpty()) {
            v.add("deploy/k8s/base/secret.template.yaml: rule: the Secret template lists the keys: none found");
        }
        if (base.find("Secret", Rules.SECRET).isPresent()) {
            v.add("deploy/k8s/base: rule: the base applies no Secret (re-applying would reset real credentials)");
        }
        report("Secret template", v);
    }

    @Test
    void composeHasTheInfrastructure() {
        report("deploy/compose/compose.yaml",
                new ComposeRules(src).check(src.deploy().resolve("compose/compose.yaml")));
    }

    // ---------------------------------------------------------------- the rules bite (mutated renders)

    @Test
    void aWrongTopicOrTooManyReplicasIsReported() {
        Render r = kustomize.render(src.deploy().resolve("k8s/base"));
        Res so = r.find("ScaledObject", "transcode-worker").orElseThrow();
        Map<String, Object> trigger = Y.map(Y.list(Y.map(so.doc.get("spec")).get("triggers")).get(0));
        Y.map(trigger.get("metadata")).put("topic", "reelpipe.stage.thumbnail");
        Y.map(so.doc.get("spec")).put("maxReplicaCount", src.taskPartitions + 1);
        String all = String.join("\n", rules.workers(r));
        assertTrue(all.contains("ScaledObject/transcode-worker: rule: kafka trigger topic"), all);
        assertTrue(all.contains("maxReplicaCount <= partitions"), all);
    }

    @Test
    void anUnknownVariableIsReported() {
        Render r = kustomize.render(src.deploy().resolve("k8s/base"));
        Res d = r.find("Deployment", "thumbnail-worker").orElseThrow();
        Y.list(Kustomize.containers(d).get(0).get("env")).add(new java.util.LinkedHashMap<>(
                Map.of("name", "REELPIPE_S3_BUKET", "value", "typo")));
        String all = String.join("\n", rules.env(r));
        assertTrue(all.contains("Deployment/thumbnail-worker: rule: every env var maps to a configuration property")
                && all.contains("REELPIPE_S3_BUKET"), all);
    }

    @Test
    void aGpuPodWithoutTolerationIsReported() {
        Render r = kustomize.render(src.deploy().resolve("k8s/overlays/gpu"));
        Kustomize.podSpec(r.find("Deployment", "keyword-worker").orElseThrow()).remove("tolerations");
        String all = String.join("\n", rules.gpu(r, Set.of("keyword-worker"), Set.of("keyword-worker")));
        assertTrue(all.contains("tolerates nvidia.com/gpu"), all);
    }

    @Test
    void aPatchOfAMissingResourceIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                  - missing.yaml
                patches:
                  - path: patch.yaml
                """.formatted(src.deploy().resolve("k8s/base").toAbsolutePath()));
        Files.writeString(dir.resolve("patch.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: no-such-worker
                """);
        List<String> problems = kustomize.render(dir).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("resource 'missing.yaml' does not exist")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Deployment/no-such-worker, which does not exist")),
                problems::toString);
    }

    @Test
    void relaxedBindingIsSpringBoots() {
        JavaSource.Properties p = JavaSource.configurationProperties("""
                package x;
                /** @ConfigurationProperties("not.this") in a comment */
                @ConfigurationProperties(prefix = "acme.worker")
                public record WorkerProperties(@DefaultValue("2") int maxInFlight, java.nio.file.Path scratchDir,
                                               Whisper whisper, java.util.Map<String, String> extra) {
                    public record Whisper(String modelPath, @DefaultValue("true") boolean useGpu) { }
                }
                """);
        assertEquals(Set.of("acme.worker.max-in-flight", "acme.worker.scratch-dir", "acme.worker.whisper.model-path",
                "acme.worker.whisper.use-gpu"), p.leaves());
        assertEquals(Set.of("acme.worker.extra"), p.wildcardRoots());
        JavaSource.Properties bean = JavaSource.configurationProperties("""
                @ConfigurationProperties("acme.ingest")
                public class IngestProperties {
                    private static final int LIMIT = 3;
                    private String defaultTenant = "default";
                    private final Tus tus = new Tus();
                    public static class Tus {
                        private String spoolDir = System.getProperty("java.io.tmpdir") + "/x";
                        public String getSpoolDir() { return spoolDir; }
                    }
                    public Tus getTus() { return tus; }
                }
                """);
        assertEquals(Set.of("acme.ingest.default-tenant", "acme.ingest.tus.spool-dir"), bean.leaves());
        assertTrue(Rules.binds("ACME_WORKER_MAX_IN_FLIGHT", p));
        assertTrue(Rules.binds("ACME_WORKER_MAXINFLIGHT", p));
        assertTrue(Rules.binds("ACME_WORKER_WHISPER_MODEL_PATH", p));
        assertTrue(Rules.binds("ACME_WORKER_EXTRA_SECURITY_PROTOCOL", p));
        assertFalse(Rules.binds("ACME_WORKER_MAX_IN_FLIGH", p));
        assertFalse(Rules.binds("ACME_WORKER_WHISPER", p));
        JavaSource.Properties shared = src.properties(src.module("pipeline-dsl").orElseThrow());
        assertTrue(shared.leaves().containsAll(Set.of("reelpipe.kafka.bootstrap-servers", "reelpipe.redis.uri",
                "reelpipe.s3.access-key", "reelpipe.runtime.concurrency", "reelpipe.runtime.scratch-dir")),
                shared::toString);
    }

    // ---------------------------------------------------------------- plumbing

    private void check(String what, Function<Render, List<String>> rule) {
        List<String> v = new ArrayList<>();
        renders.forEach(r -> v.addAll(rule.apply(r)));
        report(what, v);
    }

    private static void report(String what, List<String> violations) {
        assertTrue(violations.isEmpty(), () -> violations.size() + " violation(s) of " + what + ":\n  "
                + String.join("\n  ", violations));
    }
}
