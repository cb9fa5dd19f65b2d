package io.reelpipe.ingest.pipeline;

import io.reelpipe.ingest.asset.AssetRepository;
import io.reelpipe.ingest.web.ApiException;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.ingest.web.Tenants;
import io.reelpipe.pipeline.model.FilterCatalogue;
import io.reelpipe.pipeline.model.FilterDescriptor;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.PipelineProblem;
import io.reelpipe.pipeline.model.PipelineYaml;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/pipelines}: versioned pipeline definitions (YAML or JSON bodies), validation with line and column, and
 * dry runs against a probed asset. Filters are validated against the shipped catalogue plus the descriptors running
 * workers registered in Redis ({@code rp:filters}).
 */
@RestController
public class PipelineController {

    private final PipelineRegistry registry;
    private final JobStatusStore status;
    private final AssetRepository assets;
    private final Tenants tenants;

    public PipelineController(PipelineRegistry registry, JobStatusStore status, AssetRepository assets, Tenants tenants) {
        this.registry = registry;
        this.status = status;
        this.assets = assets;
        this.tenants = tenants;
    }

    /** 422 with every problem of a pipeline document. */
    public static final class InvalidPipeline extends ApiException {
        public InvalidPipeline(List<PipelineProblem> problems) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-pipeline", "Invalid pipeline",
                    problems.size() + " problem(s) in the pipeline: " + problems.getFirst());
            with("problems", problems.stream().map(PipelineController::problem).toList());
        }
    }

    Mono<List<FilterDescriptor>> filters() {
        Mono<List<FilterDescriptor>> registered = status instanceof RuntimeStatusStore r
                ? r.filters().onErrorReturn(List.of()) : Mono.just(List.of());
        return registered.map(FilterCatalogue::merged);
    }

    /** Creates version n+1 of {@code name} from a YAML or JSON body, after validation (422 with problems). */
    @PutMapping("/v1/pipelines/{name}")
    public Mono<ResponseEntity<Map<String, Object>>> put(@PathVariable String name, @RequestBody(required = false) String body) {
        return filters().flatMap(filters -> {
            List<PipelineProblem> problems = new java.util.ArrayList<>(PipelineYaml.lint(body, filters));
            if (problems.isEmpty()) {
                Pipeline p = PipelineYaml.parse(body).pipeline();
                if (!p.name().equals(name)) {
                    problems.add(new PipelineProblem(1, 1, "pipeline", "the document names pipeline '" + p.name()
                            + "' but was sent to /v1/pipelines/" + name));
                }
            }
            if (!problems.isEmpty()) {
                return Mono.error(new InvalidPipeline(problems));
            }
            String description = description(body);
            return registry.create(name, body, description)
                    .map(p -> ResponseEntity.status(HttpStatus.CREATED)
                            .location(URI.create("/v1/pipelines/" + name + "/versions/" + p.version()))
                            .body(view(p, body, description, "api", null)));
        });
    }

    @GetMapping("/v1/pipelines")
    public Mono<Map<String, Object>> list() {
        return registry.latestOfEach()
                .map(s -> Map.<String, Object>of("name", s.name(), "latestVersion", s.version(),
                        "links", Map.of("self", "/v1/pipelines/" + s.name())))
                .collectList().map(l -> Map.of("pipelines", l));
    }

    @GetMapping("/v1/pipelines/{name}")
    public Mono<Map<String, Object>> latest(@PathVariable String name) {
        return registry.latest(name).flatMap(p -> version(name, p.version()))
                .onErrorMap(ApiExceptions.UnknownPipeline.class, e -> new ApiExceptions.NotFound("pipeline", name));
    }

    @GetMapping("/v1/pipelines/{name}/versions")
    public Mono<Map<String, Object>> versions(@PathVariable String name) {
        return registry.versions(name)
                .map(s -> Map.<String, Object>of("version", s.version(), "createdAt", s.createdAt(), "origin", s.origin(),
                        "links", Map.of("self", "/v1/pipelines/" + name + "/versions/" + s.version())))
                .collectList()
                .flatMap(l -> l.isEmpty() ? Mono.error(new ApiExceptions.NotFound("pipeline", name))
                        : Mono.just(Map.of("name", name, "versions", l)));
    }

    @GetMapping("/v1/pipelines/{name}/versions/{version}")
    public Mono<Map<String, Object>> version(@PathVariable String name, @PathVariable int version) {
        return registry.stored(name, version)
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("pipeline version", name + " v" + version)))
                .flatMap(s -> registry.version(name, version)
                        .map(p -> view(p, s.definition(), s.description(), s.origin(), s.createdAt())));
    }

    /**
     * Lints a YAML or JSON document: 200 with {@code valid} and every problem ({@code line}, {@code column},
     * {@code path}, {@code message}). With {@code assetId} (a dry run) also which stages would run for that asset's media.
     */
    @PostMapping("/v1/pipelines:validate")
    public Mono<Map<String, Object>> validate(@RequestBody(required = false) String body,
                                              @RequestParam(required = false) String assetId,
                                              @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        String t = tenants.resolve(tenant);
        return filters().flatMap(filters -> {
            List<PipelineProblem> problems = PipelineYaml.lint(body, filters);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("valid", problems.isEmpty());
            out.put("problems", problems.stream().map(PipelineController::problem).toList());
            if (!problems.isEmpty()) {
                return Mono.just(out);
            }
            Pipeline p = PipelineYaml.parse(body).pipeline();
            out.put("pipeline", Map.of("name", p.name(), "version", p.version(), "stages", stages(p)));
            if (assetId == null || assetId.isBlank()) {
                return Mono.just(out);
            }
            return assets.find(assetId).filter(a -> a.tenant().equals(t))
                    .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("asset", assetId)))
                    .map(a -> {
                        out.put("dryRun", Map.of("assetId", assetId, "stages", p.plan(a.media()).stream()
                                .map(s -> Map.of("name", s.name(), "filter", s.filter(), "needs", s.needs(),
                                        "runs", s.runs(), "reason", s.reason()))
                                .toList()));
                        return out;
                    });
        });
    }

    static Map<String, Object> problem(PipelineProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", p.line());
        m.put("column", p.column());
        m.put("path", p.path());
        m.put("message", p.message());
        return m;
    }

    private static List<Map<String, Object>> stages(Pipeline p) {
        return p.stages().stream().map(PipelineController::stage).toList();
    }

    private static Map<String, Object> stage(StageDefinition s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("filter", s.filter());
        m.put("needs", s.needs());
        m.put("with", s.with());
        if (s.when() != null) {
            m.put("when", s.when());
        }
        if (s.timeout() != null) {
            m.put("timeout", s.timeout().toString());
        }
        if (s.retries() != null) {
            m.put("retries", s.retries());
        }
        m.put("priority", s.effectivePriority().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private static Map<String, Object> view(Pipeline p, String definition, String description, String origin,
                                            java.time.Instant createdAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("description", description);
        m.put("origin", origin);
        m.put("createdAt", createdAt);
        m.put("stages", stages(p));
        m.put("definition", definition);
        m.put("links", Map.of("self", "/v1/pipelines/" + p.name() + "/versions/" + p.version(),
                "versions", "/v1/pipelines/" + p.name() + "/versions"));
        return m;
    }

    private static String description(String body) {
        try {
            Object doc = new org.yaml.snakeyaml.Yaml().load(body);
            return doc instanceof Map<?, ?> m && m.get("description") != null ? String.valueOf(m.get("description")) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
