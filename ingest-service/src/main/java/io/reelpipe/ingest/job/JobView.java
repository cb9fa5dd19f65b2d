package io.reelpipe.ingest.job;

import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.StageSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /v1/jobs/{id}}. */
public record JobView(
        String jobId,
        String assetId,
        String state,
        String pipeline,
        int pipelineVersion,
        List<StageView> stages,
        String error,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Map<String, String> links) {

    /** One stage; progress is 0..1. */
    public record StageView(String name, String filter, List<String> needs, String state, double progress, int attempt,
                            String error, Instant updatedAt) {
    }

    static Map<String, String> links(String jobId, String assetId) {
        return Map.of("self", "/v1/jobs/" + jobId, "asset", "/v1/assets/" + assetId);
    }

    static JobView of(JobSnapshot s) {
        List<StageView> stages = s.stages().stream().map((StageSnapshot st) -> new StageView(st.name(), st.filter(),
                st.needs(), st.state().name(), st.progress(), st.attempt(), st.error(), st.updatedAt())).toList();
        return new JobView(s.jobId(), s.assetId(), s.state().name(), s.pipeline(), s.pipelineVersion(), stages,
                s.error(), s.createdAt(), s.updatedAt(), s.state().terminal() ? s.updatedAt() : null,
                links(s.jobId(), s.assetId()));
    }

    static JobView of(JobRecord j, List<StageRecord> stageRows) {
        List<StageView> stages = stageRows.stream().map(st -> new StageView(st.name(), st.filter(), st.needs(),
                st.state(), st.progress(), st.attempt(), st.error(), st.updatedAt())).toList();
        return new JobView(j.id(), j.assetId(), j.state(), j.pipelineName(), j.pipelineVersion(), stages, j.error(),
                j.createdAt(), j.updatedAt(), j.finishedAt(), links(j.id(), j.assetId()));
    }
}
