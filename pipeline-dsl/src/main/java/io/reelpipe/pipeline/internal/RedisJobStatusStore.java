package io.reelpipe.pipeline.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reelpipe.pipeline.model.FilterDescriptor;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.status.CancelDecision;
import io.reelpipe.pipeline.status.CompletionDecision;
import io.reelpipe.pipeline.status.RerunDecision;
import io.reelpipe.pipeline.status.RunningStage;
import io.reelpipe.pipeline.status.WatchdogDecision;
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
            local function runof(job) return tostring(tonumber(redis.call('HGET', job, 'run') or '1') or 1) end
            local function member(job, s) return string.sub(job, 8) .. '\t' .. s end
            -- a need is done when COMPLETED, or SKIPPED because its condition was false
            local function satisfied(job, n)
              local st = redis.call('HGET', job, 'stage:' .. n .. ':state')
              return st == 'COMPLETED' or (st == 'SKIPPED' and redis.call('HGET', job, 'stage:' .. n .. ':condition') == '1')
            end
            local function decide(job, stream, now, ttl, maxlen, running)
              local js = redis.call('HGET', job, 'state')
              if jobterminal(js) then return '' end
              local stages = redis.call('HGET', job, 'stages') or ''
              local failed = false
              for s in string.gmatch(stages, '[^,]+') do
                local st = redis.call('HGET', job, 'stage:' .. s .. ':state')
                if not terminal(st) then return '' end
                if not satisfied(job, s) then failed = true end
              end
              local d = 'COMPLETED'
              if failed then d = 'FAILED' end
              redis.call('HSET', job, 'state', d, 'updatedAt', now, 'endedAt', now)
              for s in string.gmatch(stages, '[^,]+') do
                redis.call('HDEL', job, 'stage:' .. s .. ':task')
                if running then redis.call('ZREM', running, member(job, s)) end
              end
              xadd(stream, maxlen, 'kind', 'job', 'state', d, 'error', redis.call('HGET', job, 'error') or '', 'run', runof(job), 'at', now)
              redis.call('EXPIRE', job, ttl)
              redis.call('EXPIRE', stream, ttl)
              return d
            end
            -- claims the dispatch of every candidate successor (ARGV[first..]) whose needs are all done, once (HSETNX);
            -- a successor claimed by s earlier and never sent is returned again. Entries are 'name@attempt'.
            local function claim(job, s, out, first)
              for i = first, #ARGV do
                local succ = ARGV[i]
                local sp = 'stage:' .. succ .. ':'
                if redis.call('HGET', job, sp .. 'state') == 'QUEUED' then
                  local ready = true
                  for n in string.gmatch(redis.call('HGET', job, sp .. 'needs') or '', '[^,]+') do
                    if not satisfied(job, n) then ready = false break end
                  end
                  if ready then
                    local att = math.max(1, tonumber(redis.call('HGET', job, sp .. 'attempt') or '0') or 0)
                    if redis.call('HSETNX', job, sp .. 'dispatched', s) == 1 then
                      table.insert(out, succ .. '@' .. att)
                    elseif redis.call('HGET', job, sp .. 'dispatched') == s and redis.call('HEXISTS', job, sp .. 'sent') == 0 then
                      table.insert(out, succ .. '@' .. att)
                    end
                  end
                end
              end
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

    /** KEYS: job, stream, running. ARGV: stage, attempt, worker, now, maxlen, nowMs, task, template. */
    private static final String MARK_RUNNING = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
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
            if ARGV[7] ~= '' then redis.call('HSET', job, p .. 'task', ARGV[7]) end
            if ARGV[8] ~= '' then redis.call('HSETNX', job, 'template', ARGV[8]) end
            redis.call('ZADD', running, ARGV[6], member(job, s))
            xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'RUNNING', 'attempt', tostring(attempt), 'worker', worker, 'at', now)
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

    /** KEYS: job, stream, running. ARGV: stage, attempt, reason, errorType, now, maxlen. */
    private static final String RETRY = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local s, attempt, reason, etype, now, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if not st or terminal(st) then return 0 end
            redis.call('HSET', job, p .. 'state', 'QUEUED', p .. 'error', reason, p .. 'errorType', etype,
              p .. 'updatedAt', now, 'updatedAt', now)
            redis.call('ZREM', running, member(job, s))
            xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'QUEUED', 'attempt', attempt, 'error', reason,
              'retry', '1', 'at', now)
            return 1
            """;

    /** KEYS: job, stream, running. ARGV: stage, attempt, manifest, now, ttl, maxlen, successor candidates… */
    private static final String COMPLETE = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local s, attempt, manifest, now, ttl, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if terminal(st) and st ~= 'COMPLETED' then return {'-1', '', '', runof(job)} end
            local newly = '0'
            if st ~= 'COMPLETED' then
              newly = '1'
              redis.call('HSET', job, p .. 'state', 'COMPLETED', p .. 'progress', '1', p .. 'attempt', attempt,
                p .. 'manifest', manifest, p .. 'updatedAt', now, 'updatedAt', now)
              redis.call('HDEL', job, p .. 'error', p .. 'errorType', p .. 'task')
              redis.call('ZREM', running, member(job, s))
              xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'COMPLETED', 'attempt', attempt, 'progress', '1', 'at', now)
            end
            local out = {newly, '', '', runof(job)}
            local js = redis.call('HGET', job, 'state')
            if not jobterminal(js) then claim(job, s, out, 7) end
            out[2] = decide(job, stream, now, ttl, maxlen, running)
            out[3] = redis.call('HGET', job, 'error') or ''
            if out[2] == '' and jobterminal(js) then
              redis.call('EXPIRE', job, ttl)
              redis.call('EXPIRE', stream, ttl)
            end
            return out
            """;

    /** KEYS: job, stream, running. ARGV: stage, attempt, reason, now, ttl, maxlen, successor candidates… */
    private static final String SKIP_CONDITION = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local s, attempt, reason, now, ttl, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if not st then return {'-1', '', '', runof(job)} end
            local skipped = st == 'SKIPPED' and redis.call('HGET', job, p .. 'condition') == '1'
            if terminal(st) and not skipped then return {'-1', '', '', runof(job)} end
            local newly = '0'
            if not skipped then
              newly = '1'
              redis.call('HSET', job, p .. 'state', 'SKIPPED', p .. 'condition', '1', p .. 'error', reason,
                p .. 'attempt', attempt, p .. 'updatedAt', now, 'updatedAt', now)
              redis.call('HDEL', job, p .. 'errorType', p .. 'task')
              redis.call('ZREM', running, member(job, s))
              xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'SKIPPED', 'condition', '1', 'error', reason, 'at', now)
            end
            local out = {newly, '', '', runof(job)}
            local js = redis.call('HGET', job, 'state')
            if not jobterminal(js) then claim(job, s, out, 7) end
            out[2] = decide(job, stream, now, ttl, maxlen, running)
            out[3] = redis.call('HGET', job, 'error') or ''
            return out
            """;

    /** KEYS: job, stream, running. ARGV: stage, attempt, state (FAILED|CANCELLED), reason, errorType, now, ttl, maxlen, dependents… */
    private static final String FAIL = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local s, attempt, state, reason, etype, now, ttl, maxlen =
              ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            local out = {'0', '', '', runof(job)}
            if st and not terminal(st) then
              out[1] = '1'
              redis.call('HSET', job, p .. 'state', state, p .. 'error', reason, p .. 'errorType', etype,
                p .. 'attempt', attempt, p .. 'updatedAt', now, 'updatedAt', now)
              redis.call('HDEL', job, p .. 'task')
              redis.call('ZREM', running, member(job, s))
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
            out[2] = decide(job, stream, now, ttl, maxlen, running)
            out[3] = redis.call('HGET', job, 'error') or ''
            return out
            """;

    /** KEYS: job, stream, running. ARGV: reason, now, ttl, maxlen. Returns {1|0, run, cancelled stages…}. */
    private static final String CANCEL = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local reason, now, ttl, maxlen = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
            if redis.call('HEXISTS', job, 'jobId') == 0 then return {'0', '1'} end
            if jobterminal(redis.call('HGET', job, 'state')) then return {'0', runof(job)} end
            local out = {'1', runof(job)}
            redis.call('HSET', job, 'state', 'CANCELLED', 'error', reason, 'updatedAt', now, 'endedAt', now)
            for s in string.gmatch(redis.call('HGET', job, 'stages') or '', '[^,]+') do
              local p = 'stage:' .. s .. ':'
              redis.call('ZREM', running, member(job, s))
              redis.call('HDEL', job, p .. 'task')
              if not terminal(redis.call('HGET', job, p .. 'state')) then
                redis.call('HSET', job, p .. 'state', 'CANCELLED', p .. 'error', reason, p .. 'updatedAt', now)
                xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'CANCELLED', 'error', reason, 'at', now)
                table.insert(out, s)
              end
            end
            xadd(stream, maxlen, 'kind', 'job', 'state', 'CANCELLED', 'error', reason, 'run', runof(job), 'at', now)
            redis.call('EXPIRE', job, ttl)
            redis.call('EXPIRE', stream, ttl)
            return out
            """;

    /**
     * KEYS: job, stream, running. ARGV: reason, now, maxlen, stages to reset…
     * Returns {OK, run, 'a:name@attempt'…, 'r:name'…} or {UNKNOWN_JOB} / {NOT_TERMINAL, state}.
     */
    private static final String RERUN = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local reason, now, maxlen = ARGV[1], ARGV[2], ARGV[3]
            if redis.call('HEXISTS', job, 'jobId') == 0 then return {'UNKNOWN_JOB'} end
            local js = redis.call('HGET', job, 'state')
            if not jobterminal(js) then return {'NOT_TERMINAL', js} end
            local run = tostring((tonumber(redis.call('HGET', job, 'run') or '1') or 1) + 1)
            redis.call('HSET', job, 'state', 'QUEUED', 'run', run, 'updatedAt', now)
            redis.call('HDEL', job, 'error', 'endedAt', 'published')
            redis.call('PERSIST', job)
            redis.call('PERSIST', stream)
            local out = {'OK', run}
            for i = 4, #ARGV do
              local s = ARGV[i]
              local p = 'stage:' .. s .. ':'
              if redis.call('HEXISTS', job, p .. 'state') == 1 then
                local att = (tonumber(redis.call('HGET', job, p .. 'attempt') or '0') or 0) + 1
                redis.call('HSET', job, p .. 'state', 'QUEUED', p .. 'progress', '0', p .. 'attempt', tostring(att),
                  p .. 'base', tostring(att - 1), p .. 'updatedAt', now)
                redis.call('HDEL', job, p .. 'error', p .. 'errorType', p .. 'dispatched', p .. 'sent', p .. 'manifest',
                  p .. 'published', p .. 'condition', p .. 'worker', p .. 'startedAt', p .. 'requeues', p .. 'task')
                redis.call('ZREM', running, member(job, s))
                xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'QUEUED', 'attempt', tostring(att), 'rerun', run, 'at', now)
                table.insert(out, 'a:' .. s .. '@' .. att)
              end
            end
            for i = 4, #ARGV do
              local s = ARGV[i]
              local p = 'stage:' .. s .. ':'
              if redis.call('HGET', job, p .. 'state') == 'QUEUED' then
                local ready = true
                for n in string.gmatch(redis.call('HGET', job, p .. 'needs') or '', '[^,]+') do
                  if not satisfied(job, n) then ready = false break end
                end
                if ready and redis.call('HSETNX', job, p .. 'dispatched', 'rerun') == 1 then
                  table.insert(out, 'r:' .. s)
                end
              end
            end
            xadd(stream, maxlen, 'kind', 'job', 'state', 'QUEUED', 'rerun', run, 'error', reason, 'at', now)
            return out
            """;

    /**
     * KEYS: job, stream, running. ARGV: stage, attempt, worker, maxRequeues, reason, now, ttl, maxlen, dependents…
     * Returns {REQUEUED, task, nextAttempt, requeues} | {FAILED, task, decision, error, run, requeues, skipped…} | {GONE}.
     */
    private static final String REQUEUE_LOST = LIB + """
            local job, stream, running = KEYS[1], KEYS[2], KEYS[3]
            local s, attempt, worker, maxreq, reason, now, ttl, maxlen =
              ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
            local p = 'stage:' .. s .. ':'
            local st = redis.call('HGET', job, p .. 'state')
            if st ~= 'RUNNING' or redis.call('HGET', job, p .. 'attempt') ~= attempt
                or redis.call('HGET', job, p .. 'worker') ~= worker or jobterminal(redis.call('HGET', job, 'state')) then
              redis.call('ZREM', running, member(job, s))
              return {'GONE'}
            end
            local task = redis.call('HGET', job, p .. 'task') or ''
            local n = (tonumber(redis.call('HGET', job, p .. 'requeues') or '0') or 0) + 1
            redis.call('ZREM', running, member(job, s))
            if n <= maxreq and task ~= '' then
              local next = tostring(tonumber(attempt) + 1)
              redis.call('HSET', job, p .. 'state', 'QUEUED', p .. 'requeues', tostring(n), p .. 'attempt', next,
                p .. 'error', reason, p .. 'errorType', 'watchdog', p .. 'updatedAt', now, 'updatedAt', now)
              redis.call('HDEL', job, p .. 'task')
              xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'QUEUED', 'attempt', next, 'error', reason,
                'retry', '1', 'watchdog', '1', 'at', now)
              return {'REQUEUED', task, next, tostring(n)}
            end
            redis.call('HSET', job, p .. 'state', 'FAILED', p .. 'requeues', tostring(n), p .. 'error', reason,
              p .. 'errorType', 'watchdog', p .. 'updatedAt', now, 'updatedAt', now)
            redis.call('HDEL', job, p .. 'task')
            xadd(stream, maxlen, 'kind', 'stage', 'stage', s, 'state', 'FAILED', 'attempt', attempt, 'error', reason, 'at', now)
            local je = redis.call('HGET', job, 'error')
            if not je or je == '' then redis.call('HSET', job, 'error', 'stage ' .. s .. ' failed: ' .. reason) end
            local out = {'FAILED', task, '', '', runof(job), tostring(n)}
            for i = 9, #ARGV do
              local d = ARGV[i]
              local dp = 'stage:' .. d .. ':'
              local ds = redis.call('HGET', job, dp .. 'state')
              if ds and not terminal(ds) then
                local why = 'skipped: needs ' .. s .. ', which failed'
                redis.call('HSET', job, dp .. 'state', 'SKIPPED', dp .. 'error', why, dp .. 'updatedAt', now)
                xadd(stream, maxlen, 'kind', 'stage', 'stage', d, 'state', 'SKIPPED', 'error', why, 'at', now)
                table.insert(out, d)
              end
            end
            out[3] = decide(job, stream, now, ttl, maxlen, running)
            out[4] = redis.call('HGET', job, 'error') or ''
            return out
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
                    instant(h.get(RedisKeys.stageField(s, "updatedAt"))),
                    instant(h.get(RedisKeys.stageField(s, "startedAt"))),
                    "1".equals(h.get(RedisKeys.stageField(s, "condition")))));
        }
        return new JobSnapshot(h.get("jobId"), h.get("assetId"), h.get("tenant"), h.get("pipeline"),
                parseInt(h.get("pipelineVersion")), enumOr(JobState.class, h.get("state"), JobState.QUEUED),
                emptyToNull(h.get("error")), instant(h.get("createdAt")), instant(h.get("updatedAt")), stages);
    }

    @Override
    public Mono<Optional<StageStatus>> stageStatus(String jobId, String stage) {
        return redis.hmget(RedisKeys.job(jobId), "jobId", "state", RedisKeys.stageField(stage, "state"),
                        RedisKeys.stageField(stage, "attempt"), "error", RedisKeys.stageField(stage, "manifest"),
                        RedisKeys.stageField(stage, "published"), "published", RedisKeys.stageField(stage, "base"))
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
                            kvs.get(6).hasValue(), kvs.get(7).hasValue(), parseInt(kvs.get(8).getValueOrElse(null))));
                });
    }

    @Override
    public Mono<StartDecision> markRunning(String jobId, String stage, int attempt, String workerId, String taskJson,
                                           String templateJson) {
        return script(MARK_RUNNING, jobId, List.of(stage, Integer.toString(attempt), workerId, now(), maxLen(),
                Long.toString(System.currentTimeMillis()), nz(taskJson), nz(templateJson)))
                .map(r -> StartDecision.valueOf(r.getFirst()));
    }

    @Override
    public Mono<CompletionDecision> skipByCondition(String jobId, String stage, int attempt, String reason,
                                                    Collection<String> successorCandidates) {
        List<String> args = new ArrayList<>(List.of(stage, Integer.toString(attempt), nz(reason), now(), ttl(), maxLen()));
        args.addAll(successorCandidates);
        return script(SKIP_CONDITION, jobId, args).map(RedisJobStatusStore::completion);
    }

    private static CompletionDecision completion(List<String> r) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> attempts = new LinkedHashMap<>();
        for (String e : r.subList(4, r.size())) {
            int at = e.lastIndexOf('@');
            String name = at < 0 ? e : e.substring(0, at);
            names.add(name);
            attempts.put(name, at < 0 ? 1 : parseInt(e.substring(at + 1)));
        }
        return new CompletionDecision("1".equals(r.get(0)), "-1".equals(r.get(0)), names, decision(r.get(1)),
                emptyToNull(r.get(2)), attempts, Math.max(1, parseInt(r.get(3))));
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
        return script(COMPLETE, jobId, args).map(RedisJobStatusStore::completion);
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
        return script(FAIL, jobId, args).map(r -> new FailureDecision("1".equals(r.get(0)), r.subList(4, r.size()),
                decision(r.get(1)), emptyToNull(r.get(2)), Math.max(1, parseInt(r.get(3)))));
    }

    @Override
    public Mono<Boolean> cancelled(String jobId) {
        return redis.hget(RedisKeys.job(jobId), "state").map(JobState.CANCELLED.name()::equals).defaultIfEmpty(false);
    }

    @Override
    public Mono<CancelDecision> cancelJob(String jobId, String reason) {
        return script(CANCEL, jobId, List.of(nz(reason), now(), ttl(), maxLen()))
                .map(r -> new CancelDecision("1".equals(r.get(0)), r.subList(2, r.size()), Math.max(1, parseInt(r.get(1)))));
    }

    @Override
    public Mono<RerunDecision> rerun(String jobId, Collection<String> stages, String reason) {
        List<String> args = new ArrayList<>(List.of(nz(reason), now(), maxLen()));
        args.addAll(stages);
        return script(RERUN, jobId, args).map(r -> {
            if (!"OK".equals(r.get(0))) {
                return new RerunDecision(r.get(0), 0, Map.of(), List.of());
            }
            Map<String, Integer> attempts = new LinkedHashMap<>();
            List<String> dispatch = new ArrayList<>();
            for (String e : r.subList(2, r.size())) {
                if (e.startsWith("a:")) {
                    int at = e.lastIndexOf('@');
                    attempts.put(e.substring(2, at), parseInt(e.substring(at + 1)));
                } else if (e.startsWith("r:")) {
                    dispatch.add(e.substring(2));
                }
            }
            return new RerunDecision("OK", parseInt(r.get(1)), attempts, dispatch);
        });
    }

    @Override
    public Mono<Optional<String>> template(String jobId) {
        return redis.hget(RedisKeys.job(jobId), "template").map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    @Override
    public reactor.core.publisher.Flux<RunningStage> running() {
        return redis.zrange(RedisKeys.RUNNING, 0, -1)
                .concatMap(m -> {
                    int tab = m.indexOf('\t');
                    if (tab < 0) {
                        return redis.zrem(RedisKeys.RUNNING, m).then(Mono.<RunningStage>empty());
                    }
                    String jobId = m.substring(0, tab);
                    String stage = m.substring(tab + 1);
                    return redis.hmget(RedisKeys.job(jobId), RedisKeys.stageField(stage, "state"),
                                    RedisKeys.stageField(stage, "filter"), RedisKeys.stageField(stage, "worker"),
                                    RedisKeys.stageField(stage, "attempt"), RedisKeys.stageField(stage, "startedAt"))
                            .collectList()
                            .flatMap(kv -> {
                                String state = kv.get(0).getValueOrElse(null);
                                if (!"RUNNING".equals(state)) {
                                    return redis.zrem(RedisKeys.RUNNING, m).then(Mono.<RunningStage>empty());
                                }
                                return Mono.just(new RunningStage(jobId, stage, state, kv.get(1).getValueOrElse(null),
                                        kv.get(2).getValueOrElse(null), parseInt(kv.get(3).getValueOrElse(null)),
                                        instant(kv.get(4).getValueOrElse(null))));
                            });
                });
    }

    @Override
    public Mono<Boolean> workerAlive(String filter, String instanceId) {
        return redis.exists(RedisKeys.worker(filter, instanceId)).map(n -> n > 0);
    }

    @Override
    public Mono<WatchdogDecision> requeueLost(String jobId, String stage, int attempt, String worker, int maxRequeues,
                                              String reason, Collection<String> transitiveDependents) {
        List<String> args = new ArrayList<>(List.of(stage, Integer.toString(attempt), nz(worker),
                Integer.toString(maxRequeues), nz(reason), now(), ttl(), maxLen()));
        args.addAll(transitiveDependents);
        return script(REQUEUE_LOST, jobId, args).map(r -> switch (r.get(0)) {
            case "REQUEUED" -> new WatchdogDecision("REQUEUED", r.get(1), parseInt(r.get(2)), parseInt(r.get(3)),
                    List.of(), Optional.empty(), null, 0);
            case "FAILED" -> new WatchdogDecision("FAILED", r.get(1), attempt, parseInt(r.get(5)),
                    r.subList(6, r.size()), decision(r.get(2)), emptyToNull(r.get(3)), Math.max(1, parseInt(r.get(4))));
            default -> new WatchdogDecision("GONE", null, attempt, 0, List.of(), Optional.empty(), null, 0);
        });
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
        String[] keys = {RedisKeys.job(jobId), RedisKeys.jobStream(jobId), RedisKeys.RUNNING};
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
