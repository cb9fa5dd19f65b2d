package io.reelpipe.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.reelpipe.devstack.DevStackOptions.Server;
import io.reelpipe.devstack.internal.Files2;
import io.reelpipe.devstack.internal.KafkaServer;
import io.reelpipe.devstack.internal.Ports;
import io.reelpipe.devstack.internal.PostgresServer;
import io.reelpipe.devstack.internal.ProcessRegistry;
import io.reelpipe.devstack.internal.RedisServer;
import io.reelpipe.devstack.internal.S3ProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka (KRaft), PostgreSQL, Redis and S3 (S3Proxy) servers on free loopback ports, started in parallel from
 * jars in the local Maven repository, or external servers named by {@code REELPIPE_*} environment variables.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.start()) {
 *     stack.springProperties().forEach(System::setProperty);
 * }
 * }</pre>
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    public static final String ENV_KAFKA_BOOTSTRAP_SERVERS = "REELPIPE_KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_POSTGRES_URL = "REELPIPE_POSTGRES_URL";
    public static final String ENV_POSTGRES_USER = "REELPIPE_POSTGRES_USER";
    public static final String ENV_POSTGRES_PASSWORD = "REELPIPE_POSTGRES_PASSWORD";
    public static final String ENV_REDIS_URI = "REELPIPE_REDIS_URI";
    public static final String ENV_S3_ENDPOINT = "REELPIPE_S3_ENDPOINT";
    public static final String ENV_S3_ACCESS_KEY = "REELPIPE_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "REELPIPE_S3_SECRET_KEY";
    public static final String ENV_S3_BUCKET = "REELPIPE_S3_BUCKET";
    public static final String ENV_S3_REGION = "REELPIPE_S3_REGION";

    private final DevStackOptions options;
    private final Path dataDir;
    private final boolean temporary;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ProcessRegistry registry;
    private final List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());
    private final Map<Server, ServerInfo> info = Collections.synchronizedMap(new EnumMap<>(Server.class));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private volatile String kafkaBootstrapServers;
    private volatile String postgresLocation; // host:port/db[?params]
    private volatile String postgresUser;
    private volatile String postgresPassword;
    private volatile String redisUri;
    private volatile String s3Endpoint;
    private volatile String s3AccessKey;
    private volatile String s3SecretKey;
    private volatile String s3Bucket;
    private volatile String s3Region;

    /** What a server of this stack is, for reports. */
    public record ServerInfo(Server server, boolean external, String url, long pid, Duration startTime) {
    }

    private DevStack(DevStackOptions options, Path dataDir, boolean temporary, FileChannel lockChannel, FileLock lock,
                     ProcessRegistry registry) {
        this.options = options;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.registry = registry;
        this.shutdownHook = new Thread(this::close, "devstack-shutdown");
    }

    /** Starts every server with default options (temp data dir; external servers from the environment). */
    public static DevStack start() {
        return start(DevStackOptions.defaults());
    }

    public static DevStack start(DevStackOptions options) {
        long t0 = System.nanoTime();
        List<Long> swept = ProcessRegistry.sweep(options.stateDir());
        if (!swept.isEmpty()) {
            log.info("devstack.sweep orphansStopped={} pids={}", swept.size(), swept);
        }
        boolean temporary = options.dataDir() == null;
        Path dataDir;
        FileChannel channel;
        FileLock lock;
        try {
            dataDir = temporary ? Files.createTempDirectory("reelpipe-devstack-")
                    : Files.createDirectories(options.dataDir().toAbsolutePath().normalize());
            channel = FileChannel.open(dataDir.resolve(".devstack.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("data dir " + dataDir + " is in use by another DevStack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the devstack data dir", e);
        }
        ProcessRegistry registry = ProcessRegistry.open(options.stateDir(), temporary ? dataDir : null,
                options.watchdog());
        DevStack stack = new DevStack(options, dataDir, temporary, channel, lock, registry);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startServers();
        } catch (RuntimeException | Error e) {
            log.error("devstack.start.failed error={}", e.toString());
            stack.close();
            throw e;
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder times = new StringBuilder();
        stack.info.values().forEach(i -> times.append(' ').append(i.server().name().toLowerCase(Locale.ROOT))
                .append("Ms=").append(i.external() ? "external" : Long.toString(i.startTime().toMillis())));
        log.info("devstack.started totalMs={}{} dataDir={}{}", total, times, dataDir, temporary ? " (temp)" : "");
        return stack;
    }

    private void startServers() {
        Map<String, String> env = options.environment();
        Path confDir = dataDir.resolve("conf");
        Properties ports = loadPorts();
        Ports picker = new Ports();
        s3AccessKey = options.s3AccessKey();
        s3SecretKey = options.s3SecretKey();
        s3Bucket = nonBlank(env.get(ENV_S3_BUCKET), options.s3Bucket());
        s3Region = nonBlank(env.get(ENV_S3_REGION), options.s3Region());
        postgresUser = options.postgresUser();
        postgresPassword = options.postgresPassword();
        Duration timeout = options.startTimeout();
        boolean watchdog = options.watchdog();

        List<Runnable> tasks = new ArrayList<>();
        if (options.has(Server.KAFKA)) {
            String external = env.get(ENV_KAFKA_BOOTSTRAP_SERVERS);
            if (notBlank(external)) {
                kafkaBootstrapServers = external.trim();
                external(Server.KAFKA, kafkaBootstrapServers);
            } else {
                int port = picker.pick(intProp(ports, "kafka.port"));
                int controller = picker.pick(intProp(ports, "kafka.controller.port"));
                ports.setProperty("kafka.port", Integer.toString(port));
                ports.setProperty("kafka.controller.port", Integer.toString(controller));
                tasks.add(() -> timed(Server.KAFKA, () -> {
                    KafkaServer k = KafkaServer.start(dataDir, confDir, port, controller, options.kafkaPartitions(),
                            registry, watchdog, timeout);
                    running.add(k);
                    kafkaBootstrapServers = k.bootstrapServers();
                    return new Started(k.bootstrapServers(), k.handle().pid());
                }));
            }
        }
        if (options.has(Server.POSTGRES)) {
            String external = env.get(ENV_POSTGRES_URL);
            if (notBlank(external)) {
                PostgresLocation loc = PostgresLocation.parse(external.trim());
                postgresLocation = loc.location();
                postgresUser = nonBlank(env.get(ENV_POSTGRES_USER), nonBlank(loc.user(), postgresUser));
                postgresPassword = nonBlank(env.get(ENV_POSTGRES_PASSWORD),
                        nonBlank(loc.password(), postgresPassword));
                external(Server.POSTGRES, postgresJdbcUrl());
            } else {
                int port = picker.pick(intProp(ports, "postgres.port"));
                ports.setProperty("postgres.port", Integer.toString(port));
                tasks.add(() -> timed(Server.POSTGRES, () -> {
                    PostgresServer pg = PostgresServer.start(dataDir, port, temporary, options.postgresDatabase(),
                            options.postgresUser(), options.postgresPassword(), registry, timeout);
                    running.add(pg);
                    postgresLocation = "127.0.0.1:" + pg.port() + "/" + options.postgresDatabase();
                    return new Started(postgresJdbcUrl(), pg.handle().map(ProcessHandle::pid).orElse(-1L));
                }));
            }
        }
        if (options.has(Server.REDIS)) {
            String external = env.get(ENV_REDIS_URI);
            if (notBlank(external)) {
                redisUri = external.trim();
                external(Server.REDIS, redisUri);
            } else {
                int port = picker.pick(intProp(ports, "redis.port"));
                ports.setProperty("redis.port", Integer.toString(port));
                tasks.add(() -> timed(Server.REDIS, () -> {
                    RedisServer r = RedisServer.start(dataDir, port, temporary, options.stateDir().resolve("bin"),
                            registry);
                    running.add(r);
                    redisUri = r.uri();
                    return new Started(r.uri(), r.handle().map(ProcessHandle::pid).orElse(-1L));
                }));
            }
        }
        if (options.has(Server.S3)) {
            String external = env.get(ENV_S3_ENDPOINT);
            if (notBlank(external)) {
                s3Endpoint = stripSlash(external.trim());
                s3AccessKey = nonBlank(env.get(ENV_S3_ACCESS_KEY), s3AccessKey);
                s3SecretKey = nonBlank(env.get(ENV_S3_SECRET_KEY), s3SecretKey);
                external(Server.S3, s3Endpoint);
            } else {
                int port = picker.pick(intProp(ports, "s3.port"));
                ports.setProperty("s3.port", Integer.toString(port));
                tasks.add(() -> timed(Server.S3, () -> {
                    S3ProxyServer s3 = S3ProxyServer.start(dataDir, confDir, port, s3AccessKey, s3SecretKey, s3Bucket,
                            registry, watchdog, timeout);
                    running.add(s3);
                    s3Endpoint = s3.endpoint();
                    return new Started(s3.endpoint(), s3.handle().pid());
                }));
            }
        }
        if (!temporary) {
            storePorts(ports);
        }
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
            Thread t = new Thread(r, "devstack-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(pool.submit(t)));
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    if (failure == null) {
                        failure = new IllegalStateException("devstack servers did not start in time");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("devstack start interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Started(String url, long pid) {
    }

    private interface ServerStart {
        Started start();
    }

    private void timed(Server server, ServerStart start) {
        long t = System.nanoTime();
        Started s = start.start();
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        info.put(server, new ServerInfo(server, false, s.url(), s.pid(), took));
        log.info("devstack.server.started server={} url={} pid={} startMs={}", server.name().toLowerCase(Locale.ROOT),
                s.url(), s.pid(), took.toMillis());
    }

    private void external(Server server, String url) {
        info.put(server, new ServerInfo(server, true, url, -1, Duration.ZERO));
        log.info("devstack.server.external server={} url={}", server.name().toLowerCase(Locale.ROOT), url);
    }

    // ---------------------------------------------------------------- coordinates

    /** {@code host:port[,host:port]}. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/reelpipe}. */
    public String postgresJdbcUrl() {
        return postgresLocation == null ? null : "jdbc:postgresql://" + postgresLocation;
    }

    /** {@code r2dbc:postgresql://127.0.0.1:PORT/reelpipe}. */
    public String postgresR2dbcUrl() {
        return postgresLocation == null ? null : "r2dbc:postgresql://" + postgresLocation;
    }

    public String postgresUser() {
        return postgresLocation == null ? null : postgresUser;
    }

    public String postgresPassword() {
        return postgresLocation == null ? null : postgresPassword;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String redisUri() {
        return redisUri;
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String s3AccessKey() {
        return s3Endpoint == null ? null : s3AccessKey;
    }

    public String s3SecretKey() {
        return s3Endpoint == null ? null : s3SecretKey;
    }

    /** The bucket, which exists once the local S3 server is up. */
    public String s3Bucket() {
        return s3Endpoint == null ? null : s3Bucket;
    }

    public String s3Region() {
        return s3Endpoint == null ? null : s3Region;
    }

    /**
     * Spring property names → values that point every Reelpipe service at this stack. With all four servers:
     * {@code reelpipe.kafka.bootstrap-servers, reelpipe.redis.uri, reelpipe.s3.endpoint, reelpipe.s3.access-key,
     * reelpipe.s3.secret-key, reelpipe.s3.bucket, reelpipe.s3.region, spring.r2dbc.url, spring.r2dbc.username,
     * spring.r2dbc.password, spring.flyway.url, spring.flyway.user, spring.flyway.password}; the keys of a server
     * the options left out are missing.
     */
    public Map<String, String> springProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (kafkaBootstrapServers != null) {
            p.put("reelpipe.kafka.bootstrap-servers", kafkaBootstrapServers);
        }
        if (redisUri != null) {
            p.put("reelpipe.redis.uri", redisUri);
        }
        if (s3Endpoint != null) {
            p.put("reelpipe.s3.endpoint", s3Endpoint);
            p.put("reelpipe.s3.access-key", s3AccessKey);
            p.put("reelpipe.s3.secret-key", s3SecretKey);
            p.put("reelpipe.s3.bucket", s3Bucket);
            p.put("reelpipe.s3.region", s3Region);
        }
        if (postgresLocation != null) {
            p.put("spring.r2dbc.url", postgresR2dbcUrl());
            p.put("spring.r2dbc.username", postgresUser);
            p.put("spring.r2dbc.password", postgresPassword);
            p.put("spring.flyway.url", postgresJdbcUrl());
            p.put("spring.flyway.user", postgresUser);
            p.put("spring.flyway.password", postgresPassword);
        }
        return Collections.unmodifiableMap(p);
    }

    /**
     * {@link #springProperties()} as environment variables (Spring relaxed binding: upper case, {@code .} and
     * {@code -} become {@code _}), e.g. {@code REELPIPE_KAFKA_BOOTSTRAP_SERVERS}, {@code SPRING_R2DBC_URL}.
     */
    public Map<String, String> environmentVariables() {
        Map<String, String> env = new LinkedHashMap<>();
        springProperties().forEach((k, v) -> env.put(toEnvName(k), v));
        return Collections.unmodifiableMap(env);
    }

    /** {@code reelpipe.kafka.bootstrap-servers} → {@code REELPIPE_KAFKA_BOOTSTRAP_SERVERS}. */
    public static String toEnvName(String springProperty) {
        return springProperty.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Where the local servers keep their data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #dataDir()} is a temp dir that {@link #close()} deletes. */
    public boolean temporaryDataDir() {
        return temporary;
    }

    /** Each provided server: local or external, URL, pid (local), start time. */
    public Map<Server, ServerInfo> servers() {
        synchronized (info) {
            return Collections.unmodifiableMap(new EnumMap<>(info));
        }
    }

    /** Pids of the local server processes (Kafka and S3Proxy JVMs, postmaster, redis-server). */
    public Map<Server, Long> processIds() {
        Map<Server, Long> pids = new EnumMap<>(Server.class);
        servers().forEach((s, i) -> {
            if (!i.external() && i.pid() > 0) {
                pids.put(s, i.pid());
            }
        });
        return Collections.unmodifiableMap(pids);
    }

    /** A table of the servers, for humans. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-9s %-9s %-8s %-8s %s%n", "SERVER", "MODE", "PID", "START", "URL"));
        servers().forEach((s, i) -> sb.append(String.format("%-9s %-9s %-8s %-8s %s%n",
                s.name().toLowerCase(Locale.ROOT), i.external() ? "external" : "local",
                i.pid() > 0 ? Long.toString(i.pid()) : "-",
                i.external() ? "-" : i.startTime().toMillis() + "ms", i.url())));
        if (s3Endpoint != null) {
            sb.append(String.format("s3 bucket=%s region=%s accessKey=%s secretKey=%s%n", s3Bucket, s3Region,
                    s3AccessKey, s3SecretKey));
        }
        if (postgresLocation != null) {
            sb.append(String.format("postgres r2dbc=%s user=%s password=%s%n", postgresR2dbcUrl(), postgresUser,
                    postgresPassword));
        }
        sb.append("data: ").append(dataDir).append(temporary ? " (temp, deleted on close)" : "").append('\n');
        return sb.toString();
    }

    /** Stops the local servers (in parallel), then deletes a temp data dir. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: we are the hook or run beside it
        }
        List<AutoCloseable> toStop;
        synchronized (running) {
            toStop = new ArrayList<>(running);
            running.clear();
        }
        List<Thread> stoppers = new ArrayList<>();
        for (AutoCloseable server : toStop) {
            Thread t = new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    log.warn("devstack.stop.failed server={} error={}", server.getClass().getSimpleName(),
                            e.toString());
                }
            }, "devstack-stop");
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(40_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // ignore
        }
        if (temporary) {
            Files2.deleteRecursively(dataDir);
        }
        log.info("devstack.stopped stopMs={} dataDir={}{}", (System.nanoTime() - t0) / 1_000_000, dataDir,
                temporary ? " (deleted)" : "");
    }

    // ---------------------------------------------------------------- helpers

    private Properties loadPorts() {
        Properties p = new Properties();
        Path f = dataDir.resolve("ports.properties");
        if (!temporary && Files.isRegularFile(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            } catch (IOException e) {
                // start fresh
            }
        }
        return p;
    }

    private void storePorts(Properties p) {
        try (OutputStream out = Files.newOutputStream(dataDir.resolve("ports.properties"))) {
            p.store(out, "ports of the last devstack run; reused when free");
        } catch (IOException e) {
            log.warn("devstack.ports.store-failed error={}", e.toString());
        }
    }

    private static int intProp(Properties p, String key) {
        try {
            return Integer.parseInt(p.getProperty(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String nonBlank(String value, String fallback) {
        return notBlank(value) ? value.trim() : fallback;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** An external PostgreSQL location in any of the accepted forms. */
    record PostgresLocation(String location, String user, String password) {

        /**
         * Accepts {@code jdbc:postgresql://h:p/db?x}, {@code r2dbc:postgresql://h:p/db}, {@code postgresql://u:pw@h:p/db},
         * {@code postgres://...} and bare {@code h:p/db}.
         */
        static PostgresLocation parse(String url) {
            String rest = url;
            for (String prefix : List.of("jdbc:postgresql://", "r2dbc:postgresql://", "r2dbc:postgres://",
                    "r2dbcs:postgresql://", "postgresql://", "postgres://")) {
                if (rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    rest = rest.substring(prefix.length());
                    break;
                }
            }
            String user = null;
            String password = null;
            int at = rest.indexOf('@');
            int slash = rest.indexOf('/');
            if (at >= 0 && (slash < 0 || at < slash)) {
                String userInfo = rest.substring(0, at);
                rest = rest.substring(at + 1);
                int colon = userInfo.indexOf(':');
                user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
                password = colon >= 0 ? userInfo.substring(colon + 1) : null;
            }
            return new PostgresLocation(rest, user, password);
        }
    }
}
