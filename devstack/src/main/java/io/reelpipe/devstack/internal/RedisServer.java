package io.reelpipe.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/** Redis from the embedded-redis binaries (Redis 6.2). */
public final class RedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);
    private static final Logger serverLog = LoggerFactory.getLogger("io.reelpipe.devstack.server.redis");

    private final redis.embedded.RedisServer server;
    private final ProcessHandle process;
    private final ProcessRegistry registry;
    private final int port;

    private static final String LINUX_AMD64_BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private RedisServer(redis.embedded.RedisServer redis, ProcessHandle process, ProcessRegistry registry, int port) {
        this.server = redis;
        this.process = process;
        this.registry = registry;
        this.port = port;
    }

    public static RedisServer start(Path dataDir, int port, boolean temporary, Path binDir, ProcessRegistry registry) {
        try {
            Path dir = dataDir.resolve("redis");
            Files.createDirectories(dir);
            // settings as command-line options: no config file in /tmp that a killed owner would leave behind
            List<String> args = new ArrayList<>(List.of(executable(binDir).toString(),
                    "--port", Integer.toString(port),
                    "--bind", "127.0.0.1",
                    "--protected-mode", "no",
                    "--dir", dir.toString()));
            if (temporary) {
                args.addAll(List.of("--appendonly", "no", "--save", ""));
            } else {
                // A kept data dir keeps live job state across a restart of ./reelpipe dev: the append-only file
                // (fsync once a second) loses at most a second, where the old 60 s snapshot lost whole jobs.
                args.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec", "--save", "60 1"));
            }
            redis.embedded.RedisServer embedded = new redis.embedded.RedisServer(port, args, false,
                    line -> serverLog.debug("{}", line), line -> serverLog.warn("{}", line));
            startRetryingBusyBinary(embedded);
            ProcessHandle process = processOf(embedded).orElse(null);
            if (process != null) {
                registry.register("redis", process, "TERM");
            } else {
                log.warn("devstack.redis.no-pid port={}", port);
            }
            return new RedisServer(embedded, process, registry, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start", e);
        }
    }

    /**
     * Starts Redis, retrying while exec fails with ETXTBSY. The binary was just written, and the Kafka and S3 child
     * JVMs are forked in parallel: a fork taken while the file was still open for writing holds that descriptor
     * until its own exec, and Linux refuses to run a file someone has open for writing.
     */
    private static void startRetryingBusyBinary(redis.embedded.RedisServer embedded) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                embedded.start();
                return;
            } catch (IOException e) {
                if (attempt >= 10 || !textFileBusy(e)) {
                    throw e;
                }
                log.debug("devstack.redis.exec-busy attempt={}", attempt);
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean textFileBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Text file busy")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The redis-server binary of embedded-redis, extracted once into {@code binDir} (embedded-redis's own provider
     * extracts a 10 MB copy into a new temp dir per start and only deletes it when the JVM exits cleanly).
     */
    private static Path executable(Path binDir) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        }
        Path target = binDir.resolve(LINUX_AMD64_BINARY);
        if (Files.isExecutable(target)) {
            return target;
        }
        Files.createDirectories(binDir);
        Path tmp = Files.createTempFile(binDir, LINUX_AMD64_BINARY, ".tmp");
        try (InputStream in = redis.embedded.RedisServer.class.getResourceAsStream("/" + LINUX_AMD64_BINARY)) {
            if (in == null) {
                Files.deleteIfExists(tmp);
                return ExecutableProvider.newJarResourceProvider().get().toPath();
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!tmp.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + tmp + " executable");
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static Optional<ProcessHandle> processOf(redis.embedded.RedisServer instance) {
        try {
            Field f = redis.embedded.RedisInstance.class.getDeclaredField("process");
            f.setAccessible(true);
            Process p = (Process) f.get(instance);
            return Optional.ofNullable(p).map(Process::toHandle);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return ProcessHandle.current().children()
                    .filter(h -> h.info().command().map(c -> c.contains("redis-server")).orElse(false))
                    .findFirst();
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Optional<ProcessHandle> handle() {
        return Optional.ofNullable(process);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            log.warn("devstack.redis.stop-failed error={}", e.toString());
        }
        if (process != null) {
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
            registry.unregister("redis");
        }
    }
}
