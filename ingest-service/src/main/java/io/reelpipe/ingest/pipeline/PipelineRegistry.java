package io.reelpipe.ingest.pipeline;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.PipelineYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pipelines by name and version, stored in the {@code pipelines} table so a job pins the version it ran.
 * The pipelines shipped on the classpath ({@code pipelines/*.yaml}) are parsed and registered at startup; a shipped
 * file whose content changed without a new {@code version} stops the service, since running jobs pin versions.
 */
@Service
public class PipelineRegistry {

    private static final Logger log = LoggerFactory.getLogger(PipelineRegistry.class);

    private final DatabaseClient db;
    private final IngestProperties props;
    /** Parsed pipelines by "name:version": immutable once stored. */
    private final Map<String, Pipeline> parsed = new ConcurrentHashMap<>();

    public PipelineRegistry(DatabaseClient db, IngestProperties props) {
        this.db = db;
        this.props = props;
    }

    /** A pipeline with the YAML it was parsed from. */
    public record Shipped(Pipeline pipeline, String yaml, String origin) {
    }

    /** Reads and parses the shipped pipeline files. Throws on a file that does not parse. */
    public List<Shipped> shipped() {
        List<Shipped> out = new ArrayList<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(props.getPipelineLocations());
            for (Resource r : resources) {
                String yaml = r.getContentAsString(StandardCharsets.UTF_8);
                Pipeline p = PipelineYaml.parse(yaml).pipeline();
                out.add(new Shipped(p, yaml, r.getDescription()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pipelines from " + props.getPipelineLocations(), e);
        }
        out.sort(Comparator.comparing((Shipped s) -> s.pipeline().name()).thenComparing(s -> s.pipeline().version()));
        return out;
    }

    /** Stores the shipped pipelines (idempotent). */
    public Mono<List<Pipeline>> registerShipped() {
        return Flux.fromIterable(shipped())
                .concatMap(this::register)
                .collectList();
    }

    private Mono<Pipeline> register(Shipped s) {
        Pipeline p = s.pipeline();
        return db.sql("insert into pipelines (name, version, yaml) values (:name, :version, :yaml) "
                        + "on conflict (name, version) do nothing")
                .bind("name", p.name()).bind("version", p.version()).bind("yaml", s.yaml())
                .fetch().rowsUpdated()
                .then(db.sql("select yaml from pipelines where name = :name and version = :version")
                        .bind("name", p.name()).bind("version", p.version())
                        .map(row -> row.get("yaml", String.class)).one())
                .map(stored -> {
                    if (!stored.equals(s.yaml())) {
                        throw new IllegalStateException("pipeline " + p.name() + " version " + p.version() + " in "
                                + s.origin() + " differs from the one already registered: give it a new version");
                    }
                    parsed.put(p.name() + ":" + p.version(), p);
                    log.info("pipeline registered name={} version={} stages={}", p.name(), p.version(),
                            p.stages().size());
                    return p;
                });
    }

    /** The newest version of {@code name}; {@link ApiExceptions.UnknownPipeline} when there is none. */
    public Mono<Pipeline> latest(String name) {
        return db.sql("select name, version, yaml from pipelines where name = :name order by version desc limit 1")
                .bind("name", name)
                .map(row -> toPipeline(row.get("name", String.class), row.get("version", Integer.class),
                        row.get("yaml", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.UnknownPipeline(name)));
    }

    /** A pinned version. */
    public Mono<Pipeline> version(String name, int version) {
        Pipeline cached = parsed.get(name + ":" + version);
        if (cached != null) {
            return Mono.just(cached);
        }
        return db.sql("select name, version, yaml from pipelines where name = :name and version = :version")
                .bind("name", name).bind("version", version)
                .map(row -> toPipeline(row.get("name", String.class), row.get("version", Integer.class),
                        row.get("yaml", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.UnknownPipeline(name + " v" + version)));
    }

    private Pipeline toPipeline(String name, int version, String yaml) {
        return parsed.computeIfAbsent(name + ":" + version, k -> {
            Pipeline p = PipelineYaml.parse(yaml).pipeline();
            // the stored version wins: a document PUT through the API may carry any (or no) version of its own
            return p.version() == version ? p : new Pipeline(p.name(), version, p.stages());
        });
    }

    /** A stored version with its source text. */
    public record Stored(String name, int version, String definition, String description, String origin,
                         java.time.Instant createdAt) {
    }

    /**
     * Stores {@code text} (YAML or JSON, already validated) as the next version of {@code name}; returns it. Two
     * concurrent PUTs of one name get consecutive versions (the primary key decides, the loser retries).
     */
    public Mono<Pipeline> create(String name, String text, String description) {
        return db.sql("insert into pipelines (name, version, yaml, description, origin) "
                        + "select :name, coalesce(max(version), 0) + 1, :yaml, :description, 'api' from pipelines where name = :name "
                        + "returning version")
                .bind("name", name).bind("yaml", text)
                .bind("description", org.springframework.r2dbc.core.Parameter.fromOrEmpty(description, String.class))
                .map(row -> row.get("version", Integer.class)).one()
                .retryWhen(reactor.util.retry.Retry.max(5).filter(e -> e instanceof org.springframework.dao.DataIntegrityViolationException
                        || String.valueOf(e.getMessage()).contains("duplicate key")))
                .map(v -> toPipeline(name, v, text))
                .doOnNext(p -> log.info("pipeline created name={} version={} stages={}", p.name(), p.version(), p.stages().size()));
    }

    /** Every version of {@code name}, oldest first; empty when unknown. */
    public Flux<Stored> versions(String name) {
        return db.sql("select * from pipelines where name = :name order by version")
                .bind("name", name).map(PipelineRegistry::stored).all();
    }

    /** One stored version; empty when unknown. */
    public Mono<Stored> stored(String name, int version) {
        return db.sql("select * from pipelines where name = :name and version = :version")
                .bind("name", name).bind("version", version).map(PipelineRegistry::stored).one();
    }

    /** The newest version of every pipeline. */
    public Flux<Stored> latestOfEach() {
        return db.sql("select distinct on (name) * from pipelines order by name, version desc")
                .map(PipelineRegistry::stored).all();
    }

    private static Stored stored(io.r2dbc.spi.Readable r) {
        return new Stored(r.get("name", String.class), r.get("version", Integer.class), r.get("yaml", String.class),
                r.get("description", String.class), r.get("origin", String.class),
                r.get("created_at", java.time.Instant.class));
    }
}
