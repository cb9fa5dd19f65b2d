package io.reelpipe.gateway.web;

import io.reelpipe.gateway.deletion.AssetDeleter;
import io.reelpipe.gateway.deletion.DeletionReport;
import io.reelpipe.pipeline.security.Role;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code DELETE /v1/assets/{id}}: uploaders (who put content in) and admins of the tenant. 200 with what was
 * removed; 200 with {@code removedObjects: 0, alreadyDeleted: true} when repeated; 404 for an unknown asset or one of
 * another tenant.
 */
@RestController
public class AssetController {

    private final AssetDeleter deleter;

    public AssetController(AssetDeleter deleter) {
        this.deleter = deleter;
    }

    @DeleteMapping("/v1/assets/{id}")
    public Mono<DeletionReport> delete(@PathVariable String id, ServerWebExchange exchange) {
        Tenancy.require(exchange, Role.UPLOADER);
        AssetPaths.checkAssetId(id);
        String tenant = Tenancy.tenant(exchange);
        return deleter.delete(tenant, id)
                .switchIfEmpty(Mono.error(() -> GatewayException.notFound("no asset '" + id + "'")));
    }
}
