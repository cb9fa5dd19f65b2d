package io.reelpipe.ingest.bench;

import com.sun.tools.attach.VirtualMachine;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.reelpipe.devstack.DevStack;
import io.reelpipe.ingest.IngestTestBase;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Upload throughput and memory: one generated file of N MB (default 2048) sent through tus (tus-java-client, large
 * PATCH requests) and through a streaming {@code POST /v1/assets}, against a raw S3 PUT (minio-java, the same client
 * settings ObjectStore uses) of the same bytes to the same S3 server, in the same run. The app runs in its own JVM
 * ({@code -Xmx256m} by default) started from the exec jar; its heap is sampled over JMX (attach API) every 100 ms,
 * and the peak of the used heap and the sum of the heap pools' peaks are reported.
 *
 * <pre>
 * ./mvnw -B -q -o -pl ingest-service -am install -DskipTests
 * ./mvnw -B -q -o -pl ingest-service dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp ingest-service/target/test-classes:ingest-service/target/classes:$(cat /tmp/cp.txt) \
 *      io.reelpipe.ingest.bench.UploadBenchmark [sizeMB=2048] [xmx=256m]
 * </pre>
 */
public final class UploadBenchmark {

    private UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        String xmx = args.length > 1 ? args[1] : "256m";
        Path jar = Path.of("ingest-service/target/ingest-service-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.exists(jar)) {
            jar = Path.of("target/ingest-service-0.1.0-SNAPSHOT-exec.jar");
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the exec jar first: ./mvnw -pl ingest-service -am install -DskipTests");
        }
        Path dir = Files.createTempDirectory("upload-bench");
        Path file = IngestTestBase.paddedVideo(dir, (int) Math.min(Integer.MAX_VALUE - 8, sizeMb * 1024L * 1024L), 7);
        long size = Files.size(file);
        System.out.printf("file %s: %d bytes%n", file, size);

        try (DevStack stack = DevStack.start()) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+UseG1GC",
                    "--enable-native-access=ALL-UNNAMED", "-jar", jar.toAbsolutePath().toString(),
                    "--server.port=" + port, "--reelpipe.ingest.max-upload-size=100GB",
                    "--reelpipe.ingest.tus.spool-dir=" + dir.resolve("spool"),
                    "--logging.level.root=WARN", "--logging.level.io.reelpipe=" + System.getProperty("bench.log", "WARN")));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("app.log").toFile());
            Map<String, String> env = pb.environment();
            env.putAll(stack.environmentVariables());
            Process app = pb.start();
            try {
                String base = "http://127.0.0.1:" + port;
                awaitUp(base, app);
                HeapSampler heap = new HeapSampler(app.pid());
                List<String[]> rows = new ArrayList<>();

                // 1. raw S3 PUT baseline (no ingest in the path)
                MinioClient minio = MinioClient.builder().endpoint(stack.s3Endpoint())
                        .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(stack.s3Region()).build();
                long t0 = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    minio.putObject(PutObjectArgs.builder().bucket(stack.s3Bucket()).object("bench/raw-put")
                            .stream(in, size, -1).contentType("video/mp4").build());
                }
                double rawS = (System.nanoTime() - t0) / 1e9;
                minio.removeObject(RemoveObjectArgs.builder().bucket(stack.s3Bucket()).object("bench/raw-put").build());
                rows.add(row("raw S3 PUT (minio-java)", size, rawS, rawS, "-"));

                // 2. tus via tus-java-client
                heap.reset();
                TusClient tus = new TusClient();
                tus.setUploadCreationURL(new URL(base + "/v1/uploads/"));
                tus.setHeaders(new java.util.HashMap<>(Map.of("X-Reelpipe-Tenant", "bench-tus")));
                TusUpload upload = new TusUpload(file.toFile());
                upload.setMetadata(Map.of("filename", "bench.mp4"));
                t0 = System.nanoTime();
                TusUploader u = tus.createUpload(upload);
                u.setChunkSize(1024 * 1024);
                u.setRequestPayloadSize(512 * 1024 * 1024);
                while (u.uploadChunk() > -1) {
                    // all
                }
                u.finish();
                double tusS = (System.nanoTime() - t0) / 1e9;
                rows.add(row("tus 1.0 (tus-java-client, 512 MiB PATCHes)", size, tusS, rawS, heap.report()));

                // 3. streaming POST
                heap.reset();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/assets?filename=b.mp4"))
                        .header("X-Reelpipe-Tenant", "bench-post").header("Content-Type", "video/mp4")
                        .timeout(Duration.ofMinutes(30))
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                double postS = (System.nanoTime() - t0) / 1e9;
                if (r.statusCode() / 100 != 2) {
                    throw new IllegalStateException("POST failed: " + r.statusCode() + " " + r.body());
                }
                rows.add(row("streaming POST /v1/assets", size, postS, rawS, heap.report()));
                heap.close();

                System.out.printf("%n%d MB, app -Xmx%s, %d cores, S3Proxy (filesystem) on loopback%n", sizeMb, xmx,
                        Runtime.getRuntime().availableProcessors());
                System.out.println("| path | MB/s | vs raw PUT | time (s) | app heap peak (used / pools' peaks) |");
                System.out.println("|---|---|---|---|---|");
                for (String[] row : rows) {
                    System.out.println("| " + String.join(" | ", row) + " |");
                }
            } finally {
                app.destroy();
                app.waitFor();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String[] row(String what, long size, double secs, double rawSecs, String heap) {
        double mbs = size / 1e6 / secs;
        return new String[] {what, String.format(Locale.ROOT, "%.1f", mbs),
                String.format(Locale.ROOT, "%.2f×", rawSecs / secs), String.format(Locale.ROOT, "%.1f", secs), heap};
    }

    private static void awaitUp(String base, Process app) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the app exited: see app.log");
            }
            try {
                HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads/"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 204) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the app did not start in 120 s");
    }

    /** Samples the app JVM's heap over JMX (attach API: local management agent). */
    private static final class HeapSampler implements AutoCloseable {
        private final JMXConnector connector;
        private final MemoryMXBean memory;
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();
        private final AtomicLong peakUsed = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler(long pid) throws Exception {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
            String address = vm.startLocalManagementAgent();
            vm.detach();
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection mbs = connector.getMBeanServerConnection();
            memory = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class);
            for (var name : mbs.queryNames(new javax.management.ObjectName("java.lang:type=MemoryPool,*"), null)) {
                MemoryPoolMXBean p = ManagementFactory.newPlatformMXBeanProxy(mbs, name.toString(),
                        MemoryPoolMXBean.class);
                if (p.getType() == MemoryType.HEAP) {
                    pools.add(p);
                }
            }
            thread = new Thread(() -> {
                while (running) {
                    try {
                        peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            peakUsed.set(0);
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        String report() {
            long poolPeaks = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return String.format(Locale.ROOT, "%d MB / %d MB", peakUsed.get() >> 20, poolPeaks >> 20);
        }

        @Override
        public void close() throws Exception {
            running = false;
            connector.close();
        }
    }
}
