package io.reelpipe.pipeline.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The stage runtime ({@code reelpipe.runtime.*}).
 *
 * @param enabled             whether stage consumers start; default {@code true} (false: beans exist, nothing consumes)
 * @param instanceId          this worker's id in heartbeats and logs; default {@code <host>-<pid>}
 * @param concurrency         stages run at once by one instance, per filter; default {@code 2}
 * @param maxAttempts         attempts per stage before it fails for good; default {@code 3}
 * @param backoffInitial      delay before the second attempt (doubles each time); default {@code 1s}
 * @param backoffMax          longest delay between attempts; default {@code 30s}
 * @param progressInterval    smallest interval between two progress writes to Redis per stage; default {@code 500ms}
 * @param scratchDir          root of the per-attempt scratch directories; default {@code ${java.io.tmpdir}/reelpipe-scratch}
 * @param stageTimeout        longest a stage may run before the attempt fails (transient); default {@code 2h}
 * @param heartbeatInterval   how often a worker refreshes its heartbeat; default {@code 5s}
 * @param heartbeatTtl        how long a heartbeat lives without refresh; default {@code 15s}
 * @param jobRetention        how long a finished job stays in Redis; default {@code 7d}
 * @param shutdownGrace       how long a stopping worker waits for in-flight stages; default {@code 30s}
 * @param cancelCheckInterval how long a cancellation check is cached; default {@code 1s}
 * @param version             worker version shown in heartbeats; default the jar's implementation version or {@code dev}
 * @param controlInterval     how often a runtime reads its pool's operator settings ({@code rp:pool:{filter}:concurrency},
 *                            {@code rp:pool:{filter}:paused}) from Redis; default {@code 2s}
 * @param partLease           how long a claim on a part of a stage's shared work (a chunk of a long video) lives without
 *                            renewal: a dead worker's part is free for others after at most this; default {@code 30s}
 */
@ConfigurationProperties("reelpipe.runtime")
public record RuntimeProperties(Boolean enabled, String instanceId, Integer concurrency, Integer maxAttempts,
                                Duration backoffInitial, Duration backoffMax, Duration progressInterval,
                                Path scratchDir, Duration stageTimeout, Duration heartbeatInterval,
                                Duration heartbeatTtl, Duration jobRetention, Duration shutdownGrace,
                                Duration cancelCheckInterval, String version, Duration controlInterval,
                                Duration partLease) {

    /** Every component but {@code partLease} (its default). */
    public RuntimeProperties(Boolean enabled, String instanceId, Integer concurrency, Integer maxAttempts,
                             Duration backoffInitial, Duration backoffMax, Duration progressInterval,
                             Path scratchDir, Duration stageTimeout, Duration heartbeatInterval,
                             Duration heartbeatTtl, Duration jobRetention, Duration shutdownGrace,
                             Duration cancelCheckInterval, String version, Duration controlInterval) {
        this(enabled, instanceId, concurrency, maxAttempts, backoffInitial, backoffMax, progressInterval, scratchDir,
                stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace, cancelCheckInterval, version,
                controlInterval, null);
    }

    /** Every component but {@code controlInterval} and {@code partLease} (their defaults). */
    public RuntimeProperties(Boolean enabled, String instanceId, Integer concurrency, Integer maxAttempts,
                             Duration backoffInitial, Duration backoffMax, Duration progressInterval,
                             Path scratchDir, Duration stageTimeout, Duration heartbeatInterval,
                             Duration heartbeatTtl, Duration jobRetention, Duration shutdownGrace,
                             Duration cancelCheckInterval, String version) {
        this(enabled, instanceId, concurrency, maxAttempts, backoffInitial, backoffMax, progressInterval, scratchDir,
                stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace, cancelCheckInterval, version,
                null);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public RuntimeProperties {
        enabled = enabled == null || enabled;
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId;
        concurrency = concurrency == null ? 2 : concurrency;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(1) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofSeconds(30) : backoffMax;
        progressInterval = progressInterval == null ? Duration.ofMillis(500) : progressInterval;
        scratchDir = scratchDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "reelpipe-scratch") : scratchDir;
        stageTimeout = stageTimeout == null ? Duration.ofHours(2) : stageTimeout;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(5) : heartbeatInterval;
        heartbeatTtl = heartbeatTtl == null ? Duration.ofSeconds(15) : heartbeatTtl;
        jobRetention = jobRetention == null ? Duration.ofDays(7) : jobRetention;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
        cancelCheckInterval = cancelCheckInterval == null ? Duration.ofSeconds(1) : cancelCheckInterval;
        version = version == null || version.isBlank() ? defaultVersion() : version;
        controlInterval = controlInterval == null ? Duration.ofSeconds(2) : controlInterval;
        partLease = partLease == null ? Duration.ofSeconds(30) : partLease;
        if (concurrency < 1) {
            throw new IllegalArgumentException("reelpipe.runtime.concurrency must be at least 1, got " + concurrency);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("reelpipe.runtime.max-attempts must be at least 1, got " + maxAttempts);
        }
    }

    /** Every default. */
    public static RuntimeProperties defaults() {
        return new RuntimeProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public RuntimeProperties withConcurrency(int n) {
        return new RuntimeProperties(enabled, instanceId, n, maxAttempts, backoffInitial, backoffMax, progressInterval,
                scratchDir, stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace,
                cancelCheckInterval, version, controlInterval, partLease);
    }

    public RuntimeProperties withBackoff(Duration initial, Duration max) {
        return new RuntimeProperties(enabled, instanceId, concurrency, maxAttempts, initial, max, progressInterval,
                scratchDir, stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace,
                cancelCheckInterval, version, controlInterval, partLease);
    }

    public RuntimeProperties withInstanceId(String id) {
        return new RuntimeProperties(enabled, id, concurrency, maxAttempts, backoffInitial, backoffMax, progressInterval,
                scratchDir, stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace,
                cancelCheckInterval, version, controlInterval, partLease);
    }

    public RuntimeProperties withControlInterval(Duration interval) {
        return new RuntimeProperties(enabled, instanceId, concurrency, maxAttempts, backoffInitial, backoffMax,
                progressInterval, scratchDir, stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace,
                cancelCheckInterval, version, interval, partLease);
    }

    public RuntimeProperties withPartLease(Duration lease) {
        return new RuntimeProperties(enabled, instanceId, concurrency, maxAttempts, backoffInitial, backoffMax,
                progressInterval, scratchDir, stageTimeout, heartbeatInterval, heartbeatTtl, jobRetention, shutdownGrace,
                cancelCheckInterval, version, controlInterval, lease);
    }

    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    static String defaultVersion() {
        String v = RuntimeProperties.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

}
