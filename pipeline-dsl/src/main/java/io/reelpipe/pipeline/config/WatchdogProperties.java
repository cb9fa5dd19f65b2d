package io.reelpipe.pipeline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The stage watchdog ({@code reelpipe.watchdog.*}): finds RUNNING stages whose worker stopped heartbeating and
 * re-queues them. Ingest enables it; any app may.
 *
 * @param enabled     run the watchdog in this app; default {@code false}
 * @param interval    how often RUNNING stages are scanned; default {@code 5s}
 * @param grace       how long a worker's heartbeat must stay missing (after its own TTL ran out) before its stages
 *                    are re-queued; default {@code 10s}
 * @param maxRequeues re-queues per stage before it FAILS ("the worker running this stage stopped responding");
 *                    default {@code 2}
 */
@ConfigurationProperties("reelpipe.watchdog")
public record WatchdogProperties(Boolean enabled, Duration interval, Duration grace, Integer maxRequeues) {

    public WatchdogProperties {
        enabled = enabled != null && enabled;
        interval = interval == null ? Duration.ofSeconds(5) : interval;
        grace = grace == null ? Duration.ofSeconds(10) : grace;
        maxRequeues = maxRequeues == null ? 2 : maxRequeues;
    }

    public static WatchdogProperties of(Duration interval, Duration grace, int maxRequeues) {
        return new WatchdogProperties(true, interval, grace, maxRequeues);
    }
}
