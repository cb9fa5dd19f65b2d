package io.reelpipe.ingest.job;

import io.reelpipe.ingest.web.Tenants;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class JobController {

    private final JobQueryService queries;
    private final Tenants tenants;

    public JobController(JobQueryService queries, Tenants tenants) {
        this.queries = queries;
        this.tenants = tenants;
    }

    /** Job state with every stage's state and progress; 404 problem when unknown. */
    @GetMapping("/v1/jobs/{id}")
    public Mono<JobView> job(@PathVariable String id,
                             @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        return queries.job(id, tenants.resolve(tenant));
    }
}
