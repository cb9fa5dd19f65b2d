package io.reelpipe.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** S3Proxy with the jclouds filesystem backend, in its own JVM (never beside minio-java: Jackson clash). */
public final class S3ProxyServer implements AutoCloseable {

    private final JavaChild child;
    private final int port;

    private S3ProxyServer(JavaChild child, int port) {
        this.child = child;
        this.port = port;
    }

    public static S3ProxyServer start(Path dataDir, Path confDir, int port, String accessKey, String secretKey,
                                      String bucket, ProcessRegistry registry, boolean watchdog, Duration timeout) {
        try {
            Path baseDir = dataDir.resolve("s3");
            // with the filesystem backend a bucket is a directory: the stack is ready with its bucket
            Files.createDirectories(baseDir.resolve(bucket));
            Files.createDirectories(confDir);
            Path props = confDir.resolve("s3proxy.properties");
            Files.writeString(props, """
                    s3proxy.endpoint=http://127.0.0.1:%d
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    s3proxy.cors-allow-all=true
                    s3proxy.ignore-unknown-headers=true
                    jclouds.provider=filesystem
                    jclouds.identity=%s
                    jclouds.credential=%s
                    jclouds.filesystem.basedir=%s
                    """.formatted(port, accessKey, secretKey, accessKey, secretKey, baseDir));
            Path logback = confDir.resolve("s3proxy-logback.xml");
            Files.writeString(logback, LOGBACK);

            List<String> jvm = new ArrayList<>(JvmArgs.common());
            jvm.add("-Xms32m");
            jvm.add("-Xmx384m");
            jvm.add("-Dlogback.configurationFile=" + logback);
            jvm.add("-Djclouds.filesystem.basedir=" + baseDir);
            List<String> args = List.of("org.gaul.s3proxy.Main", "--properties", props.toString());
            JavaChild child = JavaChild.launch("s3proxy", JavaChild.recordedClasspath("s3proxy"), jvm, args, dataDir,
                    null, registry, watchdog);
            S3ProxyServer server = new S3ProxyServer(child, port);
            try {
                server.awaitHttp(timeout);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHttp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = URI.create(endpoint() + "/");
        while (true) {
            if (!child.isAlive()) {
                throw child.failure("exited before it was ready");
            }
            try {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int code = c.getResponseCode(); // 403 without credentials: it answers
                c.disconnect();
                if (code > 0) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw child.failure("was not answering HTTP within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw child.failure("start interrupted");
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public ProcessHandle handle() {
        return child.handle();
    }

    @Override
    public void close() {
        child.stop(Duration.ofSeconds(10));
    }

    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%level %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.gaul.s3proxy" level="WARN"/>
              <!-- "filesystem storage backend deprecated": known, the filesystem backend is the verified one -->
              <logger name="org.gaul.s3proxy.Main" level="ERROR"/>
              <logger name="org.eclipse.jetty" level="WARN"/>
              <logger name="jclouds" level="WARN"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;
}
