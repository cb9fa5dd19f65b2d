package io.reelpipe.pipeline.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.model.FilterDescriptor;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.status.CompletionDecision;
import io.reelpipe.pipeline.status.FailureDecision;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.status.StageSnapshot;
import io.reelpipe.pipeline.status.StageStatus;
import io.reelpipe.pipeline.status.StartDecision;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.StageState;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@link RuntimeStatusStore} on Lettuce reactive. Key and field layout: {@link RedisKeys}. Every transition that
 * decides something (start, completion with successor claims, failure with skips, the job's end) is one Lua
 * script, so two workers finishing the two halves of a fan-in at the same moment dispatch the join exactly once.
 * When a job ends its hash and stream expire after the retention.
 */
public final class RedisJobStatusStore implements RuntimeStatusStore {

    /** Shared Lua helpers: terminal test, stream append, the job decision. */
    private static final String LIB = """
            local function terminal(s) return s == 'COMPLETED' or s == 'FAILED' or s == 'SKIPPED' or s == 'CANCELLED' end
            local function jobterminal(s) return s == 'COMPLETED' or s == 'FAILED' or s == 'CANCELLED' end
            local function xadd(stream, maxlen, ...) redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', ...) end
            local function decide(job, stream, now, ttl, maxlen)
              local js = redis.call('HGET', job, 'state')
              if jobterminal(js) then return '' end
              local stages = redis.call('HGET', job, 'stages') or ''
              local failed = false
              for s in string.gmatch(stages, '[^,]+') do
                local st = redis.call('HGET', job, 'stage:' .. s .. ':state')
                if not terminal(st) then return '' end
                if st ~= 'COMPLETED' then failed = true end
              end
              local d = 'COMPLETED'
              if failed then d = 'FAILED' end
              redis.call('HSET', job, 'state', d, 'updatedAt', now, 'endedAt', now)
              xadd(stream, maxlen, 'kind', 'job', 'state', d, 'error', redis.call('HGET', job, 'error') or '', 'at', now)
              redis.call('EXPIRE', job, ttl)
              redis.call('EXPIRE', stream, ttl)
              return d
            end
            """;

    /** KEYS: job, stream. ARGV: jobId, assetId, tenant, pipeline, version, now, maxlen, stages, then per stage name, filter, needs. */
    private static final String CREATE = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            if redis.call('HEXISTS', job, 'jobId') == 1 then return 0 end
            local now, maxlen = ARGV[6], ARGV[7]
            redis.call('HSET', job, 'jobId', ARGV[1], 'assetId', ARGV[2], 'tenant', ARGV[3], 'pipeline', ARGV[4],
              'pipelineVersion', ARGV[5], 'state', 'QUEUED', 'createdAt', now, 'updatedAt', now, 'stages', ARGV[8])
            local i = 9
            while i <= #ARGV do
              local p = 'stage:' .. ARGV[i] .. ':'
              redis.call('HSET', job, p .. 'state', 'QUEUED', p .. 'progress', '0', p .. 'attempt', '0',
                p .. 'filter', ARGV[i + 1], p .. 'needs', ARGV[i + 2], p .. 'updatedAt', now)
              if ARGV[i + 2] == '' then redis.call('HSETNX', job, p .. 'dispatched', 'job') end
              i = i + 3
            end
            xadd(stream, maxlen, 'kind', 'job', 'state', 'QUEUED', 'at', now)
            return 1
            """;

    /** KEYS: job, stream. ARGV: stage, attempt, worker, now, maxlen. */
    private static final String MARK_RUNNING = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            local s, attempt, worker, now, maxlen = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
            if redis.call('HEXISTS', job, 'jobId') == 0 then return {'UNKNOWN_JOB'} end
            local js = redis.call('HGET', job, 'state')
            if jobterminal(js) then return {'JOB_TERMINAL', js} end
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if not st then return {'UNKNOWN_STAGE'} end
            if st == 'COMPLETED' then return {'STAGE_COMPLETED'} end
            if terminal(st) then return {'STAGE_TERMINAL', st} end
            local cur = tonumber(redis.call('HGET', job, p .. 'attempt') or '0') or 0
            if cur > attempt then return {'STALE_ATTEMPT', tostring(cur)} end
            if not (st == 'RUNNING' and cur == attempt) then
              redis.call('HSET', job, p .. 'progress', '0')
            end
            redis.call('HSET', job, p .. 'state', 'RUNNING', p .. 'attempt', tostring(attempt), p .. 'worker', worker,
              p .. 'startedAt', now, p .. 'updatedAt', now, 'updatedAt', now)
            redis.call('HDEL', job, p .. 'error', p .. 'errorType')
            xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'RUNNING', 'attempt', tostring(attempt), 'at', now)
            if js == 'QUEUED' or not js then
              redis.call('HSET', job, 'state', 'RUNNING', 'startedAt', now)
              xadd(stream, maxlen, 'kind', 'job', 'state', 'RUNNING', 'at', now)
            end
            return {'STARTED'}
            """;

    /** KEYS: job, stream. ARGV: stage, attempt, fraction, now, maxlen. */
    private static final String PROGRESS = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            local s, attempt, f, now, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
            local p = 'stage:' .. s .. ':'
            if redis.call('HGET', job, p .. 'state') ~= 'RUNNING' then return 0 end
            if redis.call('HGET', job, p .. 'attempt') ~= attempt then return 0 end
            local cur = tonumber(redis.call('HGET', job, p .. 'progress') or '0') or 0
            if tonumber(f) <= cur then return 0 end
            redis.call('HSET', job, p .. 'progress', f, p .. 'updatedAt', now, 'updatedAt', now)
            xadd(stream, maxlen, 'kind', 'progress', 'stage', s, 'progress', f, 'attempt', attempt, 'at', now)
            return 1
            """;

    /** KEYS: job, stream. ARGV: stage, attempt, reason, errorType, now, maxlen. */
    private static final String RETRY = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            local s, attempt, reason, etype, now, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if not st or terminal(st) then return 0 end
            redis.call('HSET', job, p .. 'state', 'QUEUED', p .. 'error', reason, p .. 'errorType', etype,
              p .. 'updatedAt', now, 'updatedAt', now)
            xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'QUEUED', 'attempt', attempt, 'error', reason,
              'retry', '1', 'at', now)
            return 1
            """;

    /** KEYS: job, stream. ARGV: stage, attempt, manifest, now, ttl, maxlen, successor candidates… */
    private static final String COMPLETE = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            local s, attempt, manifest, now, ttl, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if terminal(st) and st ~= 'COMPLETED' then return {'-1', '', ''} end
            local newly = '0'
            if st ~= 'COMPLETED' then
              newly = '1'
              redis.call('HSET', job, p .. 'state', 'COMPLETED', p .. 'progress', '1', p .. 'attempt', attempt,
                p .. 'manifest', manifest, p .. 'updatedAt', now, 'updatedAt', now)
              redis.call('HDEL', job, p .. 'error', p .. 'errorType')
              xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'COMPLETED', 'attempt', attempt, 'progress', '1', 'at', now)
            end
            local out = {newly, '', ''}
            local js = redis.call('HGET', job, 'state')
            if not jobterminal(js) then
              for i = 7, #ARGV do
                local succ = ARGV[i]
                local sp = 'stage:' .. succ .. ':'
                if redis.call('HGET', job, sp .. 'state') == 'QUEUED' then
                  local ready = true
                  for n in string.gmatch(redis.call('HGET', job, sp .. 'needs') or '', '[^,]+') do
                    if redis.call('HGET', job, 'stage:' .. n .. ':state') ~= 'COMPLETED' then ready = false break end
                  end
                  if ready then
                    if redis.call('HSETNX', job, sp .. 'dispatched', s) == 1 then
                      table.insert(out, succ)
                    elseif redis.call('HGET', job, sp .. 'dispatched') == s and redis.call('HEXISTS', job, sp .. 'sent') == 0 then
                      table.insert(out, succ)
                    end
                  end
                end
              end
            end
            out[2] = decide(job, stream, now, ttl, maxlen)
            out[3] = redis.call('HGET', job, 'error') or ''
            if out[2] == '' and jobterminal(js) then
              redis.call('EXPIRE', job, ttl)
              redis.call('EXPIRE', stream, ttl)
            end
            return out
            """;

    /** KEYS: job, stream. ARGV: stage, attempt, state (FAILED|CANCELLED), reason, errorType, now, ttl, maxlen, dependents… */
    private static final String FAIL = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            local s, attempt, state, reason, etype, now, ttl, maxlen =
              ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            local out = {'0', '', ''}
            if st and not terminal(st) then
              out[1] = '1'
              redis.call('HSET', job, p .. 'state', state, p .. 'error', reason, p .. 'errorType', etype,
                p .. 'attempt', attempt, p .. 'updatedAt', now, 'updatedAt', now)
              xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', state, 'attempt', attempt, 'error', reason, 'at', now)
              if state == 'FAILED' then
                local je = redis.call('HGET', job, 'error')
                if not je or je == '' then
                  redis.call('HSET', job, 'error', 'stage ' .. s .. ' failed: ' .. reason)
                end
              end
              for i = 9, #ARGV do
                local d = ARGV[i]
                local dp = 'stage:' .. d .. ':'
                local ds = redis.call('HGET', job, dp .. 'state')
                if ds and not terminal(ds) then
                  local why = 'skipped: needs ' .. s .. ', which ' .. string.lower(state)
                  redis.call('HSET', job, dp .. 'state', 'SKIPPED', dp .. 'error', why, dp .. 'updatedAt', now)
                  xadd(stream, maxlen, 'kind', 'stage', 'stage', d, 'state', 'SKIPPED', 'error', why, 'at', now)
                  table.insert(out, d)
                end
              end
            end
            out[2] = decide(job, stream, now, ttl, maxlen)
            out[3] = redis.call('HGET', job, 'error') or ''
            return out
            """;

    /** KEYS: job, stream. ARGV: reason, now, ttl, maxlen. */
    private static final String CANCEL = LIB + """
            local job, stream = KEYS[1], KEYS[2]
            local reason, now, ttl, maxlen = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
            if redis.call('HEXISTS', job, 'jobId') == 0 then return 0 end
            if jobterminal(redis.call('HGET', job, 'state')) then return 0 end
            redis.call('HSET', job, 'state', 'CANCELLED', 'error', reason, 'updatedAt', now, 'endedAt', now)
            for s in string.gmatch(redis.call('HGET', job, 'stages') or '', '[^,]+') do
              local p = 'stage:' .. s .. ':'
              if not terminal(redis.call('HGET', job, p .. 'state')) then
                redis.call('HSET', job, p .. 'state', 'CANCELLED', p .. 'error', reason, p .. 'updatedAt', now)
                xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'CANCELLED', 'error', reason, 'at', now)
              end
            end
            xadd(stream, maxlen, 'kind', 'job', 'state', 'CANCELLED', 'error', reason, 'at', now)
            redis.call('EXPIRE', job, ttl)
            redis.call('EXPIRE', stream, ttl)
            return 1
            """;

    private final RedisReactiveCommands<String, String> redis;
    private final Duration retention;
    private final int streamMaxLen;

    public RedisJobStatusStore(RedisReactiveCommands<String, String> redis, Duration retention) {
        this(redis, retention, 1000);
    }

    public RedisJobStatusStore(RedisReactiveCommands<String, String> redis, Duration retention, int streamMaxLen) {
        this.redis = redis;
        this.retention = retention;
        this.streamMaxLen = streamMaxLen;
    }

    /** The commands this store uses (heartbeats share the connection). */
    public RedisReactiveCommands<String, String> commands() {
        return redis;
    }

    @Override
    public Mono<Void> createJob(String jobId, String assetId, String tenant, Pipeline pipeline) {
        List<String> args = new ArrayList<>(List.of(jobId, assetId, tenant, pipeline.name(),
                Integer.toString(pipeline.version()), now(), maxLen(),
                String.join(",", pipeline.stages().stream().map(StageDefinition::name).toList())));
        for (StageDefinition s : pipeline.stages()) {
            args.add(s.name());
            args.add(s.filter());
            args.add(String.join(",", s.needs()));
        }
        return script(CREATE, jobId, args).then();
    }

    @Override
    public Mono<Optional<JobSnapshot>> snapshot(String jobId) {
        return redis.hgetall(RedisKeys.job(jobId))
                .collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                .map(h -> h.containsKey("jobId") ? Optional.of(toSnapshot(h)) : Optional.<JobSnapshot>empty());
    }

    static JobSnapshot toSnapshot(Map<String, String> h) {
        List<StageSnapshot> stages = new ArrayList<>();
        for (String s : split(h.get("stages"))) {
            stages.add(new StageSnapshot(s, h.get(RedisKeys.stageField(s, "filter")),
                    split(h.get(RedisKeys.stageField(s, "needs"))),
                    enumOr(StageState.class, h.get(RedisKeys.stageField(s, "state")), StageState.QUEUED),
                    parseDouble(h.get(RedisKeys.stageField(s, "progress"))),
                    parseInt(h.get(RedisKeys.stageField(s, "attempt"))),
                    emptyToNull(h.get(RedisKeys.stageField(s, "error"))),
                    instant(h.get(RedisKeys.stageField(s, "updatedAt")))));
        }
        return new JobSnapshot(h.get("jobId"), h.get("assetId"), h.get("tenant"), h.get("pipeline"),
                parseInt(h.get("pipelineVersion")), enumOr(JobState.class, h.get("state"), JobState.QUEUED),
                emptyToNull(h.get("error")), instant(h.get("createdAt")), instant(h.get("updatedAt")), stages);
    }

    @Override
    public Mono<Optional<StageStatus>> stageStatus(String jobId, String stage) {
        return redis.hmget(RedisKeys.job(jobId), "jobId", "state", RedisKeys.stageField(stage, "state"),
                        RedisKeys.stageField(stage, "attempt"), "error", RedisKeys.stageField(stage, "manifest"),
                        RedisKeys.stageField(stage, "published"), "published")
                .collectList()
                .map(kvs -> {
                    if (!kvs.get(0).hasValue()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StageStatus(
                            enumOr(JobState.class, kvs.get(1).getValueOrElse(null), JobState.QUEUED),
                            enumOr(StageState.class, kvs.get(2).getValueOrElse(null), null),
                            parseInt(kvs.get(3).getValueOrElse(null)),
                            emptyToNull(kvs.get(4).getValueOrElse(null)),
                            emptyToNull(kvs.get(5).getValueOrElse(null)),
                            kvs.get(6).hasValue(), kvs.get(7).hasValue()));
                });
    }

    @Override
    public Mono<StartDecision> markRunning(String jobId, String stage, int attempt, String workerId) {
        return script(MARK_RUNNING, jobId, List.of(stage, Integer.toString(attempt), workerId, now(), maxLen()))
                .map(r -> StartDecision.valueOf(r.getFirst()));
    }

    @Override
    public Mono<Boolean> progress(String jobId, String stage, int attempt, double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        return script(PROGRESS, jobId, List.of(stage, Integer.toString(attempt),
                String.format(Locale.ROOT, "%.4f", f), now(), maxLen()))
                .map(r -> "1".equals(r.getFirst()));
    }

    @Override
    public Mono<Void> retryScheduled(String jobId, String stage, int attempt, String reason, String errorType) {
        return script(RETRY, jobId, List.of(stage, Integer.toString(attempt), nz(reason), nz(errorType), now(), maxLen()))
                .then();
    }

    @Override
    public Mono<CompletionDecision> complete(String jobId, String stage, int attempt, String manifestJson,
                                             Collection<String> successorCandidates) {
        List<String> args = new ArrayList<>(List.of(stage, Integer.toString(attempt), manifestJson, now(), ttl(), maxLen()));
        args.addAll(successorCandidates);
        return script(COMPLETE, jobId, args).map(r -> new CompletionDecision("1".equals(r.get(0)), "-1".equals(r.get(0)),
                r.subList(3, r.size()), decision(r.get(1)), emptyToNull(r.get(2))));
    }

    @Override
    public Mono<Void> markSent(String jobId, Collection<String> stages) {
        if (stages.isEmpty()) {
            return Mono.empty();
        }
        Map<String, String> m = new LinkedHashMap<>();
        stages.forEach(s -> m.put(RedisKeys.stageField(s, "sent"), "1"));
        return redis.hset(RedisKeys.job(jobId), m).then();
    }

    @Override
    public Mono<Void> markPublished(String jobId, String stage) {
        return redis.hset(RedisKeys.job(jobId), stage == null ? "published" : RedisKeys.stageField(stage, "published"), "1")
                .then();
    }

    @Override
    public Mono<Map<String, String>> manifests(String jobId, Collection<String> stages) {
        if (stages.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<String> names = List.copyOf(stages);
        String[] fields = names.stream().map(s -> RedisKeys.stageField(s, "manifest")).toArray(String[]::new);
        return redis.hmget(RedisKeys.job(jobId), fields).collectList().map(kvs -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (kvs.get(i).hasValue()) {
                    out.put(names.get(i), kvs.get(i).getValue());
                }
            }
            return out;
        });
    }

    @Override
    public Mono<FailureDecision> fail(String jobId, String stage, int attempt, String reason, String errorType,
                                      Collection<String> transitiveDependents) {
        return terminate(jobId, stage, attempt, "FAILED", reason, errorType, transitiveDependents);
    }

    @Override
    public Mono<FailureDecision> cancelStage(String jobId, String stage, int attempt, String reason) {
        return terminate(jobId, stage, attempt, "CANCELLED", reason, "cancelled", List.of());
    }

    private Mono<FailureDecision> terminate(String jobId, String stage, int attempt, String state, String reason,
                                            String errorType, Collection<String> dependents) {
        List<String> args = new ArrayList<>(List.of(stage, Integer.toString(attempt), state, nz(reason), nz(errorType),
                now(), ttl(), maxLen()));
        args.addAll(dependents);
        return script(FAIL, jobId, args).map(r -> new FailureDecision("1".equals(r.get(0)), r.subList(3, r.size()),
                decision(r.get(1)), emptyToNull(r.get(2))));
    }

    @Override
    public Mono<Boolean> cancelled(String jobId) {
        return redis.hget(RedisKeys.job(jobId), "state").map(JobState.CANCELLED.name()::equals).defaultIfEmpty(false);
    }

    @Override
    public Mono<Boolean> cancel(String jobId, String reason) {
        return script(CANCEL, jobId, List.of(nz(reason), now(), ttl(), maxLen())).map(r -> "1".equals(r.getFirst()));
    }

    @Override
    public Mono<Void> registerFilter(FilterDescriptor descriptor) {
        return redis.hset(RedisKeys.FILTERS, descriptor.name(),
                new String(WireFormat.write(descriptor), StandardCharsets.UTF_8)).then();
    }

    @Override
    public Mono<List<FilterDescriptor>> filters() {
        return redis.hvals(RedisKeys.FILTERS)
                .map(json -> WireFormat.read(json.getBytes(StandardCharsets.UTF_8), FilterDescriptor.class))
                .collectList();
    }

    // ---- script plumbing ----

    private final Map<String, String> shas = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs a script by SHA, loading it on NOSCRIPT; returns its reply flattened to strings. */
    private Mono<List<String>> script(String lua, String jobId, List<String> args) {
        String sha = shas.computeIfAbsent(lua, RedisJobStatusStore::sha1);
        String[] keys = {RedisKeys.job(jobId), RedisKeys.jobStream(jobId)};
        String[] values = args.toArray(String[]::new);
        return redis.<Object>evalsha(sha, ScriptOutputType.MULTI, keys, values)
                .collectList()
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("NOSCRIPT"),
                        e -> redis.<Object>eval(lua, ScriptOutputType.MULTI, keys, values).collectList())
                .map(RedisJobStatusStore::flatten);
    }

    private static List<String> flatten(List<Object> reply) {
        List<String> out = new ArrayList<>();
        flattenInto(reply, out);
        return out;
    }

    private static void flattenInto(Object o, List<String> out) {
        if (o instanceof List<?> l) {
            l.forEach(x -> flattenInto(x, out));
        } else if (o instanceof byte[] b) {
            out.add(new String(b, StandardCharsets.UTF_8));
        } else if (o != null) {
            out.add(o.toString());
        } else {
            out.add("");
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String ttl() {
        return Long.toString(Math.max(1, retention.toSeconds()));
    }

    private String maxLen() {
        return Integer.toString(streamMaxLen);
    }

    private static String now() {
        return Instant.now().toString();
    }

    private static Optional<JobState> decision(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(JobState.valueOf(s));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null || s.isEmpty() ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String s, E fallback) {
        try {
            return s == null ? fallback : Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
