package io.reelpipe.ingest.job;

import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.StageSnapshot;
import io.reelpipe.pipeline.wire.StageState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/jobs/{id}}. {@code progress} is 0..1 over all stages; {@code etaSeconds}/{@code eta} are
 * estimates from the progress rate of running stages (see {@link #of(JobSnapshot, Instant)}), null when unknown.
 */
public record JobView(
        String jobId,
        String assetId,
        String state,
        String pipeline,
        int pipelineVersion,
        double progress,
        Double etaSeconds,
        Instant eta,
        List<StageView> stages,
        String error,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Map<String, String> links) {

    /** One stage; progress is 0..1; {@code etaSeconds} only while it runs and has reported progress. */
    public record StageView(String name, String filter, List<String> needs, String state, double progress, int attempt,
                            String error, Instant startedAt, Instant updatedAt, Double etaSeconds) {
    }

    static Map<String, String> links(String jobId, String assetId) {
        return Map.of("self", "/v1/jobs/" + jobId, "asset", "/v1/assets/" + assetId, "events",
                "/v1/jobs/" + jobId + "/events", "cancel", "/v1/jobs/" + jobId + ":cancel");
    }

    static JobView of(JobSnapshot s) {
        return of(s, Instant.now());
    }

    /**
     * ETA: a running stage with progress p after t seconds has t(1-p)/p left; the job has the longest of those left,
     * plus, for stages still QUEUED, the mean duration of this job's completed stages per queued stage on the longest
     * chain of queued stages. Unknown (null) while a stage runs without progress or queued stages have no estimate.
     */
    static JobView of(JobSnapshot s, Instant now) {
        List<StageView> stages = new ArrayList<>();
        Map<String, Double> left = new HashMap<>();
        boolean unknown = false;
        double doneSum = 0;
        int doneCount = 0;
        for (StageSnapshot st : s.stages()) {
            Double eta = null;
            if (st.state() == StageState.RUNNING) {
                if (st.startedAt() != null && st.progress() >= 0.01 && st.progress() < 1) {
                    double elapsed = Math.max(0, Duration.between(st.startedAt(), now).toMillis() / 1000.0);
                    eta = round(elapsed * (1 - st.progress()) / st.progress());
                    left.put(st.name(), eta);
                } else {
                    unknown = true;
                }
            } else if (st.state() == StageState.COMPLETED && st.startedAt() != null && st.updatedAt() != null) {
                doneSum += Math.max(0, Duration.between(st.startedAt(), st.updatedAt()).toMillis() / 1000.0);
                doneCount++;
            }
            stages.add(new StageView(st.name(), st.filter(), st.needs(), st.state().name(), st.progress(), st.attempt(),
                    st.error(), st.startedAt(), st.updatedAt(), eta));
        }
        Double jobEta = null;
        if (!s.state().terminal() && !unknown) {
            int chain = queuedChain(s);
            if (chain == 0) {
                jobEta = left.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            } else if (doneCount > 0) {
                jobEta = round(left.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)
                        + chain * doneSum / doneCount);
            }
        }
        return new JobView(s.jobId(), s.assetId(), s.state().name(), s.pipeline(), s.pipelineVersion(), s.progress(),
                jobEta, jobEta == null ? null : now.plusMillis((long) (jobEta * 1000)), stages, s.error(), s.createdAt(),
                s.updatedAt(), s.state().terminal() ? s.updatedAt() : null, links(s.jobId(), s.assetId()));
    }

    /** Stages on the longest path made only of QUEUED stages. */
    private static int queuedChain(JobSnapshot s) {
        Map<String, Integer> depth = new HashMap<>();
        int best = 0;
        boolean changed = true;
        for (int round = 0; changed && round <= s.stages().size(); round++) {
            changed = false;
            for (StageSnapshot st : s.stages()) {
                if (st.state() != StageState.QUEUED) {
                    continue;
                }
                int d = 1;
                for (String n : st.needs()) {
                    d = Math.max(d, depth.getOrDefault(n, 0) + 1);
                }
                if (!Integer.valueOf(d).equals(depth.get(st.name()))) {
                    depth.put(st.name(), d);
                    changed = true;
                }
                best = Math.max(best, d);
            }
        }
        return best;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static JobView of(JobRecord j, List<StageRecord> stageRows) {
        List<StageView> stages = stageRows.stream().map(st -> new StageView(st.name(), st.filter(), st.needs(),
                st.state(), st.progress(), st.attempt(), st.error(), st.startedAt(), st.updatedAt(), null)).toList();
        boolean terminal = List.of("COMPLETED", "FAILED", "CANCELLED").contains(j.state());
        double progress = terminal || stageRows.isEmpty() ? (terminal ? 1.0 : 0.0)
                : stageRows.stream().mapToDouble(st -> List.of("COMPLETED", "FAILED", "SKIPPED", "CANCELLED")
                .contains(st.state()) ? 1.0 : st.progress()).average().orElse(0);
        return new JobView(j.id(), j.assetId(), j.state(), j.pipelineName(), j.pipelineVersion(), progress, null, null,
                stages, j.error(), j.createdAt(), j.updatedAt(), j.finishedAt(), links(j.id(), j.assetId()));
    }
}
