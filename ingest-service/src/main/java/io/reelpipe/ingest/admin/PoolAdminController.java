package io.reelpipe.ingest.admin;

import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.runtime.StageRuntime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operators' API over the worker pools (see ingest-service/README.md, "Admin API"): backlog, workers, throughput,
 * and the live settings every runtime of a pool applies within {@code reelpipe.runtime.control-interval}.
 */
@RestController
public class PoolAdminController {

    private final PoolAdminService pools;

    public PoolAdminController(PoolAdminService pools) {
        this.pools = pools;
    }

    /** Body of {@code PUT /admin/pools/{filter}/concurrency}. */
    public record ConcurrencyRequest(Integer concurrency) {
    }

    @GetMapping("/admin/pools")
    public Mono<Map<String, Object>> pools() {
        return pools.pools().map(list -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pools", list);
            m.put("at", Instant.now().toString());
            return m;
        });
    }

    @GetMapping("/admin/pools/{filter}")
    public Mono<Map<String, Object>> pool(@PathVariable String filter) {
        return known(filter).then(pools.pool(filter, true));
    }

    @PutMapping("/admin/pools/{filter}/concurrency")
    public Mono<Map<String, Object>> concurrency(@PathVariable String filter,
                                                 @RequestBody(required = false) ConcurrencyRequest body) {
        if (body == null || body.concurrency() == null || body.concurrency() < 1
                || body.concurrency() > StageRuntime.MAX_CONCURRENCY) {
            return Mono.error(new ApiExceptions.BadRequest("'concurrency' must be a whole number from 1 to "
                    + StageRuntime.MAX_CONCURRENCY));
        }
        return known(filter).then(pools.setConcurrency(filter, body.concurrency()))
                .then(settings(filter));
    }

    /** Drops the override: every instance goes back to its configured {@code reelpipe.runtime.concurrency}. */
    @DeleteMapping("/admin/pools/{filter}/concurrency")
    public Mono<Map<String, Object>> resetConcurrency(@PathVariable String filter) {
        return known(filter).then(pools.setConcurrency(filter, null)).then(settings(filter));
    }

    @PostMapping("/admin/pools/{filter}:pause")
    public Mono<Map<String, Object>> pause(@PathVariable String filter) {
        return known(filter).then(pools.setPaused(filter, true)).then(settings(filter));
    }

    @PostMapping("/admin/pools/{filter}:resume")
    public Mono<Map<String, Object>> resume(@PathVariable String filter) {
        return known(filter).then(pools.setPaused(filter, false)).then(settings(filter));
    }

    private Mono<Void> known(String filter) {
        return pools.known(filter).flatMap(k -> k ? Mono.<Void>empty()
                : Mono.error(new ApiExceptions.NotFound("worker pool", filter)));
    }

    private Mono<Map<String, Object>> settings(String filter) {
        return pools.settings(filter).map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filter", filter);
            m.put("concurrency", s.concurrency());
            m.put("paused", s.paused());
            m.put("links", Map.of("pool", "/admin/pools/" + filter));
            return m;
        });
    }

}
