package io.reelpipe.e2e;

import io.reelpipe.devstack.DevStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform as it is deployed: each service's runnable jar in its own JVM, pointed at the shared dev stack.
 * One per test JVM, like the dev stack; stopped by a shutdown hook.
 */
final class Platform {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    private static Platform instance;
    /** Every worker pool of the default pipeline, one instance each. */
    static final List<String> WORKERS = List.of("thumbnail-worker", "transcode-worker", "subtitle-worker", "ocr-worker",
            "keyword-worker");

    private final List<Process> processes = new ArrayList<>();
    private final Path root = Path.of(System.getProperty("reelpipe.e2e.root", "..")).toAbsolutePath().normalize();
    private final String version = System.getProperty("reelpipe.e2e.version", "0.1.0-SNAPSHOT");
    private final Path logs = root.resolve("e2e-tests/target/e2e-logs");
    private final int ingestPort;
    private final int gatewayPort;
    /** The bootstrap admin key ingest registers at startup; test keys are made with it through /v1/api-keys. */
    private final String bootstrapKey = "rp_e2e_" + java.util.UUID.randomUUID().toString().replace("-", "");
    private final Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>();

    static synchronized Platform start(DevStack stack) {
        if (instance == null) {
            instance = new Platform(stack);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "platform-stop"));
        }
        return instance;
    }

    private Platform(DevStack stack) {
        try {
            Files.createDirectories(logs);
            ingestPort = freePort();
            gatewayPort = freePort();
            long t0 = System.nanoTime();
            launch("ingest-service", stack, List.of("--server.port=" + ingestPort,
                    "--reelpipe.security.bootstrap-admin-key=" + bootstrapKey));
            launch("storage-gateway", stack, List.of("--server.port=" + gatewayPort,
                    "--reelpipe.security.bootstrap-admin-key=" + bootstrapKey,
                    "--reelpipe.gateway.signing-key=" + java.util.UUID.randomUUID()));
            for (String worker : WORKERS) {
                // workers serve Actuator on 8081 by default: a random port each, so none clashes
                launch(worker, stack, List.of("--server.port=0"));
            }
            // a second transcode worker: long videos are shared by the pool (SharedTranscodeIT)
            launch("transcode-worker", "transcode-worker-2", stack, List.of("--server.port=0"));
            awaitHttp(URI.create(ingestUrl() + "/actuator/health"), Duration.ofSeconds(120));
            awaitHttp(URI.create(gatewayUrl() + "/actuator/health/readiness"), Duration.ofSeconds(120));
            log.info("event=platform-started ingestPort={} ms={}", ingestPort, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system admin's key (pipelines, other tenants' keys). */
    String adminKey() {
        return bootstrapKey;
    }

    String ingestUrl() {
        return "http://127.0.0.1:" + ingestPort;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /**
     * An API key of {@code tenant} with {@code role} (uploader, editor, operator, admin), made once through
     * {@code POST /v1/api-keys} with the bootstrap admin key.
     */
    String apiKey(String tenant, String role) {
        return keys.computeIfAbsent(tenant + "/" + role, k -> {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(ingestUrl() + "/v1/api-keys"))
                        .header("Authorization", "Bearer " + bootstrapKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + tenant + "\",\"roles\":[\""
                                + role + "\"],\"name\":\"e2e " + role + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"key\":\"([^\"]+)\"").matcher(r.body());
                if (r.statusCode() != 201 || !m.find()) {
                    throw new IllegalStateException("could not make an API key: " + r.statusCode() + " " + r.body());
                }
                return m.group(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private void launch(String module, DevStack stack, List<String> extraArgs) throws IOException {
        launch(module, module, stack, extraArgs);
    }

    private void launch(String module, String name, DevStack stack, List<String> extraArgs) throws IOException {
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("missing " + jar + ": run the build first (./mvnw -B verify builds it)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m", "-Dai.djl.offline=true", "-jar", jar.toString()));
        for (Map.Entry<String, String> e : stack.springProperties().entrySet()) {
            cmd.add("--" + e.getKey() + "=" + e.getValue());
        }
        cmd.addAll(extraArgs);
        Path logFile = logs.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        processes.add(p);
        log.info("event=process-started module={} name={} pid={} log={}", module, name, p.pid(), logFile);
    }

    private void awaitHttp(URI uri, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a service exited during startup (exit " + p.exitValue()
                            + "); see " + logs);
                }
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException("timed out waiting for " + uri + "; see " + logs);
    }

    void stop() {
        for (Process p : processes) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
