package io.reelpipe.catalog.rebuild;

import io.reelpipe.catalog.CatalogProperties;
import io.reelpipe.catalog.index.CatalogIndex;
import io.reelpipe.catalog.index.CatalogSchema;
import io.reelpipe.pipeline.security.AccessPolicy;
import io.reelpipe.pipeline.security.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Operators: the replica's state ({@code GET /admin/catalog}) and a rebuild from storage ({@code POST …/rebuild}). */
@RestController
public class CatalogAdminController {

    private final CatalogIndex index;
    private final Rebuilder rebuilder;
    private final CatalogProperties props;

    public CatalogAdminController(CatalogIndex index, Rebuilder rebuilder, CatalogProperties props) {
        this.index = index;
        this.rebuilder = rebuilder;
        this.props = props;
    }

    @GetMapping("/admin/catalog")
    public Map<String, Object> state(ServerWebExchange exchange) {
        AccessPolicy.requireRole(exchange, Role.OPERATOR);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", CatalogSchema.VERSION);
        m.put("documents", index.documents());
        m.put("indexBytes", index.sizeBytes());
        m.put("indexDir", index.path().toString());
        m.put("consumerGroup", props.group());
        m.put("rebuiltAt", index.rebuiltAt());
        m.put("rebuild", rebuilder.status());
        return m;
    }

    /** 202 with the rebuild's status; 409 while one runs. */
    @PostMapping("/admin/catalog/rebuild")
    public Mono<ResponseEntity<Object>> rebuild(ServerWebExchange exchange) {
        AccessPolicy.requireRole(exchange, Role.OPERATOR);
        return rebuilder.start().<ResponseEntity<Object>>map(s -> ResponseEntity.accepted().body(s))
                .switchIfEmpty(Mono.fromSupplier(() -> io.reelpipe.catalog.search.SearchControllerProblems.of(
                        HttpStatus.CONFLICT, "rebuild-running", "a rebuild is already running")));
    }
}
