package io.reelpipe.ingest.job;

import io.reelpipe.ingest.web.ApiException;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.ingest.web.Tenants;
import io.reelpipe.pipeline.runtime.JobControl;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.wire.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class JobController {

    private final JobQueryService queries;
    private final JobRepository jobs;
    private final JobControl control;
    private final JobStatusStore status;
    private final Tenants tenants;

    public JobController(JobQueryService queries, JobRepository jobs, JobControl control, JobStatusStore status,
                         Tenants tenants) {
        this.queries = queries;
        this.jobs = jobs;
        this.control = control;
        this.status = status;
        this.tenants = tenants;
    }

    /** 409: the job's state does not allow the operation. */
    public static final class JobConflict extends ApiException {
        public JobConflict(String code, String reason) {
            super(HttpStatus.CONFLICT, code, "Conflict", reason);
        }
    }

    /** Job state with every stage's state, progress and ETA; 404 problem when unknown. */
    @GetMapping("/v1/jobs/{id}")
    public Mono<JobView> job(@PathVariable String id,
                             @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return queries.job(id, tenants.resolve(tenant));
    }

    /** A tenant's jobs, newest first, filtered by {@code state}, {@code asset} and {@code since}, keyset-paginated. */
    @GetMapping("/v1/jobs")
    public Mono<Map<String, Object>> list(@RequestParam(required = false) String state,
                                          @RequestParam(required = false) String asset,
                                          @RequestParam(required = false) String since,
                                          @RequestParam(required = false) String cursor,
                                          @RequestParam(defaultValue = "20") int limit,
                                          @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        String t = tenants.resolve(tenant);
        String st = null;
        if (state != null && !state.isBlank()) {
            try {
                st = JobState.valueOf(state.trim().toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw new ApiExceptions.BadRequest("'state' must be one of QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED");
            }
        }
        Instant sinceAt = null;
        if (since != null && !since.isBlank()) {
            try {
                sinceAt = Instant.parse(since.trim());
            } catch (DateTimeParseException e) {
                throw new ApiExceptions.BadRequest("'since' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
        Instant cc = null;
        String cid = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                cc = Instant.parse(raw.substring(0, bar));
                cid = raw.substring(bar + 1);
            } catch (RuntimeException e) {
                throw new ApiExceptions.BadRequest("'cursor' is not a cursor this API returned");
            }
        }
        int n = Math.max(1, Math.min(100, limit));
        return jobs.list(t, st, asset, sinceAt, cc, cid, n + 1).collectList().map(rows -> {
            boolean more = rows.size() > n;
            List<JobRecord> page = more ? rows.subList(0, n) : rows;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jobs", page.stream().map(j -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("jobId", j.id());
                m.put("assetId", j.assetId());
                m.put("state", j.state());
                m.put("pipeline", j.pipelineName());
                m.put("pipelineVersion", j.pipelineVersion());
                m.put("error", j.error());
                m.put("createdAt", j.createdAt());
                m.put("finishedAt", j.finishedAt());
                m.put("links", Map.of("self", "/v1/jobs/" + j.id()));
                return m;
            }).toList());
            String next = null;
            if (more) {
                JobRecord last = page.getLast();
                next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (last.createdAt().toString() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
            }
            out.put("next", next);
            return out;
        });
    }

    /** Optional body of cancel and re-run. */
    public record Reason(String reason) {
    }

    /**
     * Cancels a QUEUED or RUNNING job: running stages stop at their next cancellation check, queued tasks are dropped,
     * scratch space is cleaned. 202 with the cancelled stages; 409 when the job already ended.
     */
    @PostMapping("/v1/jobs/{id}:cancel")
    public Mono<ResponseEntity<Map<String, Object>>> cancel(@PathVariable String id,
                                                            @RequestBody(required = false) Reason body,
                                                            @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? "cancelled by request"
                : body.reason().strip();
        return visible(id, tenant)
                .flatMap(j -> control.cancel(id, reason, null))
                .flatMap(d -> {
                    if (!d.cancelled()) {
                        return Mono.error(new JobConflict("job-ended", "job " + id + " has already ended; only queued "
                                + "or running jobs can be cancelled"));
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("jobId", id);
                    out.put("state", JobState.CANCELLED.name());
                    out.put("cancelledStages", d.stages());
                    out.put("reason", reason);
                    out.put("links", Map.of("self", "/v1/jobs/" + id));
                    return Mono.just(ResponseEntity.accepted().body(out));
                });
    }

    /** Re-runs an ended job's unfinished stages (FAILED, SKIPPED after a failure, CANCELLED), reusing the rest. */
    @PostMapping("/v1/jobs/{id}:rerun")
    public Mono<ResponseEntity<Map<String, Object>>> rerunJob(@PathVariable String id,
                                                              @RequestBody(required = false) Reason body,
                                                              @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return visible(id, tenant).flatMap(j -> status.snapshot(id)).flatMap(snap -> {
            if (snap.isEmpty()) {
                return Mono.error(expired(id));
            }
            List<String> unfinished = JobControl.unfinished(snap.get());
            if (unfinished.isEmpty()) {
                return Mono.error(new JobConflict("nothing-to-rerun", "every stage of job " + id
                        + " completed; re-run a stage with POST /v1/jobs/" + id + "/stages/{stage}:rerun"));
            }
            return rerun(id, unfinished, body);
        });
    }

    /** Re-runs one stage of an ended job and every stage after it, reusing the outputs of the stages that succeeded. */
    @PostMapping("/v1/jobs/{id}/stages/{stage}:rerun")
    public Mono<ResponseEntity<Map<String, Object>>> rerunStage(@PathVariable String id, @PathVariable String stage,
                                                                @RequestBody(required = false) Reason body,
                                                                @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return visible(id, tenant).flatMap(j -> {
            if (j.stages().stream().noneMatch(s -> s.name().equals(stage))) {
                return Mono.error(new ApiExceptions.NotFound("stage", id + "/" + stage));
            }
            return rerun(id, List.of(stage), body);
        });
    }

    private Mono<ResponseEntity<Map<String, Object>>> rerun(String id, List<String> stages, Reason body) {
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? "re-run by request"
                : body.reason().strip();
        return control.rerun(id, stages, reason, null)
                .onErrorMap(IllegalStateException.class, e -> expired(id))
                .flatMap(r -> switch (r.decision().outcome()) {
                    case "OK" -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("jobId", id);
                        out.put("state", JobState.QUEUED.name());
                        out.put("run", r.decision().run());
                        out.put("stages", List.copyOf(r.reset()));
                        out.put("dispatched", r.dispatched());
                        out.put("links", Map.of("self", "/v1/jobs/" + id, "events", "/v1/jobs/" + id + "/events"));
                        yield Mono.just(ResponseEntity.accepted().body(out));
                    }
                    case "NOT_TERMINAL" -> Mono.error(new JobConflict("job-running", "job " + id
                            + " is still queued or running; cancel it or wait for it to end before re-running"));
                    default -> Mono.error(expired(id));
                });
    }

    private static JobConflict expired(String id) {
        return new JobConflict("job-expired", "the run state of job " + id + " is no longer kept (finished jobs are "
                + "kept for reelpipe.runtime.job-retention); upload the asset again to start a new job");
    }

    private Mono<JobView> visible(String id, String tenant) {
        return queries.job(id, tenants.resolve(tenant));
    }
}
