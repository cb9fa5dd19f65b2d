package io.reelpipe.pipeline.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.filter.SharedWork;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.status.RedisKeys;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link SharedWork} in Redis ({@link RedisKeys#workLease}, {@link RedisKeys#workDone}): a claim is {@code SET NX PX}
 * of the part's lease key with a fresh owner token, guarded by the done hash in the same script, so a part is run by
 * one claimant at a time and never after it is done. One renewal loop per instance extends every lease it holds at a
 * third of the lease time; a lease whose holder died lapses and the part is free again.
 */
public final class RedisSharedWork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSharedWork.class);

    // Every script answers a string: ScriptOutputType.VALUE takes no integers.
    /** KEYS lease, done; ARGV part, owner, leaseMs → "done" | "claimed" | "busy". */
    private static final String CLAIM = """
            if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'done' end
            if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then return 'claimed' end
            return 'busy'
            """;
    /** KEYS lease; ARGV owner, leaseMs → 1 when still ours. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return tostring(redis.call('PEXPIRE', KEYS[1], ARGV[2])) end
            return '0'
            """;
    /** KEYS lease, done; ARGV part, owner, doneBy, doneTtlMs. Completing a part someone else now holds is fine too. */
    private static final String COMPLETE = """
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            if redis.call('GET', KEYS[1]) == ARGV[2] then redis.call('DEL', KEYS[1]) end
            return '1'
            """;
    /** KEYS lease, progress; ARGV part, owner, fraction, ttlMs. Only the lease's holder reports. */
    private static final String PROGRESS = """
            if redis.call('GET', KEYS[1]) ~= ARGV[2] then return '0' end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            return '1'
            """;
    /**
     * KEYS done, lease, progress; ARGV part → "done:{instance}" | "claimed:{fraction}" (empty fraction: none reported)
     * | "free": one round trip for what the offering stage polls.
     */
    private static final String STATE = """
            local by = redis.call('HGET', KEYS[1], ARGV[1])
            if by then return 'done:' .. by end
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return 'claimed:' .. (redis.call('HGET', KEYS[3], ARGV[1]) or '')
            end
            return 'free'
            """;
    /** KEYS lease; ARGV owner. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return tostring(redis.call('DEL', KEYS[1])) end
            return '0'
            """;

    private final RedisReactiveCommands<String, String> redis;
    private final String instanceId;
    private final Duration lease;
    private final Duration doneTtl;
    /** Leases held by this instance, with the job they belong to (for the key). */
    private final Map<SharedWork.Lease, String> held = new ConcurrentHashMap<>();
    private final Disposable renewal;
    private volatile boolean closed;

    /**
     * @param lease   how long a claim lives without renewal (a dead claimant's part is free after at most this)
     * @param doneTtl how long the done marks are kept (the job's retention)
     */
    public RedisSharedWork(RedisReactiveCommands<String, String> redis, String instanceId, Duration lease,
                           Duration doneTtl) {
        this.redis = redis;
        this.instanceId = instanceId;
        this.lease = lease;
        this.doneTtl = doneTtl;
        Duration every = Duration.ofMillis(Math.max(50, lease.toMillis() / 3));
        this.renewal = PeriodicTask.every(every, every, i -> renewAll(),
                e -> log.warn("event=part_lease_renewal_failed instance={} error=\"{}\"", instanceId,
                        StageProcessor.oneLine(e)));
    }

    /** The handle of {@code workId} of {@code jobId}; {@link Handle#releaseAll} gives back what it still holds. */
    public Handle handle(String jobId, String workId) {
        return new Handle(jobId, workId);
    }

    /** Leases this instance holds now (for tests and diagnostics). */
    public int held() {
        return held.size();
    }

    private Mono<Void> renewAll() {
        return Flux.fromIterable(Set.copyOf(held.entrySet()))
                .flatMap(e -> eval(RENEW, new String[]{RedisKeys.workLease(e.getValue(), e.getKey().workId(),
                        e.getKey().part())}, e.getKey().owner(), Long.toString(lease.toMillis()))
                        .doOnNext(r -> {
                            if (!"1".equals(r)) {
                                // someone else runs it now (we stalled past the lease): stop renewing, keep working —
                                // outputs are deterministic, the second completion is harmless
                                held.remove(e.getKey());
                                log.warn("event=part_lease_lost jobId={} work={} part={}", e.getValue(),
                                        e.getKey().workId(), e.getKey().part());
                            }
                        }), 8)
                .then();
    }

    private Mono<String> eval(String script, String[] keys, String... args) {
        return redis.<Object>eval(script, ScriptOutputType.VALUE, keys, args)
                .next()
                .map(String::valueOf)
                .defaultIfEmpty("");
    }

    /** Stops renewing: what this instance holds lapses, and it claims nothing more. */
    @Override
    public void close() {
        closed = true;
        renewal.dispose();
    }

    /** One job's shared work, as seen by one stage or part task of this instance. */
    public final class Handle implements SharedWork {
        private final String jobId;
        private final String workId;
        private final Set<SharedWork.Lease> mine = ConcurrentHashMap.newKeySet();

        Handle(String jobId, String workId) {
            this.jobId = jobId;
            this.workId = workId;
        }

        @Override
        public String id() {
            return workId;
        }

        @Override
        public Mono<Optional<Lease>> claim(String part) {
            if (closed) {
                return Mono.just(Optional.empty());
            }
            String owner = instanceId + "/" + UUID.randomUUID();
            return eval(CLAIM, new String[]{RedisKeys.workLease(jobId, workId, part), RedisKeys.workDone(jobId, workId)},
                    part, owner, Long.toString(lease.toMillis()))
                    .map(r -> {
                        if (!"claimed".equals(r)) {
                            return Optional.<Lease>empty();
                        }
                        Lease l = new Lease(workId, part, owner);
                        held.put(l, jobId);
                        mine.add(l);
                        return Optional.of(l);
                    });
        }

        @Override
        public Mono<PartState> state(String part) {
            return eval(STATE, new String[]{RedisKeys.workDone(jobId, workId), RedisKeys.workLease(jobId, workId, part),
                    RedisKeys.workProgress(jobId, workId)}, part)
                    .map(r -> r.startsWith("done:") ? new PartState(PartState.Status.DONE, r.substring(5))
                            : r.startsWith("claimed:") ? new PartState(PartState.Status.CLAIMED, null,
                            fraction(r.substring(8)))
                            : PartState.FREE);
        }

        @Override
        public Mono<Void> progress(Lease l, double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                return Mono.error(new IllegalArgumentException("progress must be within 0..1, got " + fraction));
            }
            return eval(PROGRESS, new String[]{RedisKeys.workLease(jobId, workId, l.part()),
                            RedisKeys.workProgress(jobId, workId)}, l.part(), l.owner(), Double.toString(fraction),
                    Long.toString(doneTtl.toMillis()))
                    .then();
        }

        @Override
        public Mono<Void> complete(Lease l) {
            return eval(COMPLETE, new String[]{RedisKeys.workLease(jobId, workId, l.part()),
                            RedisKeys.workDone(jobId, workId)}, l.part(), l.owner(), instanceId,
                    Long.toString(doneTtl.toMillis()))
                    .doOnNext(r -> forget(l))
                    .then();
        }

        @Override
        public Mono<Void> release(Lease l) {
            return eval(RELEASE, new String[]{RedisKeys.workLease(jobId, workId, l.part())}, l.owner())
                    .doOnNext(r -> forget(l))
                    .then();
        }

        private static double fraction(String stored) {
            if (stored.isEmpty()) {
                return 0;
            }
            try {
                return Math.clamp(Double.parseDouble(stored), 0.0, 1.0);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private void forget(Lease l) {
            held.remove(l);
            mine.remove(l);
        }

        /** Releases every lease this handle still holds (the task ended without completing them). */
        public Mono<Void> releaseAll() {
            return Flux.fromIterable(Set.copyOf(mine)).concatMap(this::release).then();
        }
    }
}
