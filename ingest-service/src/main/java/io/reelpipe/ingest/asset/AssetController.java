package io.reelpipe.ingest.asset;

import io.reelpipe.ingest.job.JobRepository;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.ingest.web.Tenants;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class AssetController {

    private final AssetRepository assets;
    private final JobRepository jobs;
    private final Tenants tenants;

    public AssetController(AssetRepository assets, JobRepository jobs, Tenants tenants) {
        this.assets = assets;
        this.jobs = jobs;
        this.tenants = tenants;
    }

    /** The asset with its media info and its jobs (from PostgreSQL); 404 problem when unknown. */
    @GetMapping("/v1/assets/{id}")
    public Mono<AssetView> asset(@PathVariable String id,
                                 @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader) {
        String tenant = tenants.resolve(tenantHeader);
        return assets.find(id)
                .filter(a -> tenant.equals(a.tenant()))
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("asset", id)))
                .flatMap(a -> jobs.findByAsset(a.id())
                        .map(j -> new AssetView.JobSummary(j.id(), j.pipelineName(), j.pipelineVersion(), j.state(),
                                j.error(), j.createdAt(), j.finishedAt(), Map.of("self", "/v1/jobs/" + j.id())))
                        .collectList()
                        .map(js -> new AssetView(a.id(), a.filename(), a.title(), a.contentType(), a.sizeBytes(),
                                a.sha256(), a.state(), a.media(), a.createdAt(), js,
                                Map.of("self", "/v1/assets/" + a.id()))));
    }
}
