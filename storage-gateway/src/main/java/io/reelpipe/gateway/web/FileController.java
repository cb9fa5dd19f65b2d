package io.reelpipe.gateway.web;

import io.reelpipe.gateway.GatewayProperties;
import io.reelpipe.gateway.signing.UrlSigner;
import io.reelpipe.gateway.storage.ObjectReader;
import io.reelpipe.pipeline.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Outputs of an asset, for API keys with the editor role (admins too):
 * {@code GET|HEAD /v1/assets/{id}/files/{path}} and {@code POST /v1/assets/{id}/files/{path}:presign?expiresIn=}.
 * Also {@code GET|HEAD /v1/signed/{tenant}/{id}/{path}?exp=&sig=}: no key, the URL's signature instead.
 */
@RestController
public class FileController {

    static final String PRESIGN = ":presign";

    private final FileServer server;
    private final ObjectReader reader;
    private final UrlSigner signer;
    private final GatewayProperties props;

    public FileController(FileServer server, ObjectReader reader, UrlSigner signer, GatewayProperties props) {
        this.server = server;
        this.reader = reader;
        this.signer = signer;
        this.props = props;
    }

    @RequestMapping(path = "/v1/assets/{id}/files/{*path}", method = {RequestMethod.GET, RequestMethod.HEAD})
    public Mono<Void> file(@PathVariable String id, @PathVariable String path, ServerWebExchange exchange) {
        Tenancy.require(exchange, Role.EDITOR);
        AssetPaths.Target t = AssetPaths.resolve(Tenancy.tenant(exchange), id, path);
        return server.serve(exchange, t, -1);
    }

    @PostMapping("/v1/assets/{id}/files/{*path}")
    public Mono<Map<String, Object>> presign(@PathVariable String id, @PathVariable String path,
                                             @RequestParam(required = false) String expiresIn,
                                             ServerWebExchange exchange) {
        if (!path.endsWith(PRESIGN)) {
            throw new GatewayException(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "files are read with GET; POST only presigns ('…/files/{path}:presign')");
        }
        Tenancy.require(exchange, Role.EDITOR);
        AssetPaths.Target t = AssetPaths.resolve(Tenancy.tenant(exchange), id,
                path.substring(0, path.length() - PRESIGN.length()));
        Duration ttl = expiry(expiresIn);
        return reader.stat(t.key()).map(found -> {
            if (found.isEmpty()) {
                throw GatewayException.notFound("no file '" + AssetPaths.safe(t.path()) + "' in asset '" + id + "'");
            }
            long exp = signer.now().plus(ttl).getEpochSecond();
            String signedPath = SignedPaths.path(t);
            String url = base(exchange) + signedPath + "?exp=" + exp + "&sig=" + signer.sign("GET", signedPath, exp);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            body.put("method", "GET");
            body.put("assetId", id);
            body.put("path", t.path());
            body.put("expiresAt", Instant.ofEpochSecond(exp).toString());
            body.put("size", found.get().size());
            return body;
        });
    }

    @RequestMapping(path = "/v1/signed/{tenant}/{id}/{*path}", method = {RequestMethod.GET, RequestMethod.HEAD})
    public Mono<Void> signed(@PathVariable String tenant, @PathVariable String id, @PathVariable String path,
                             @RequestParam(required = false) String exp, @RequestParam(required = false) String sig,
                             ServerWebExchange exchange) {
        String rel = AssetPaths.normalise(path);
        String signedPath = SignedPaths.PREFIX + tenant + "/" + id + "/" + rel;
        switch (signer.verify("GET", signedPath, exp, sig)) {
            case INVALID -> throw new GatewayException(HttpStatus.FORBIDDEN, "invalid-signature",
                    "this link is not valid (its signature does not match)");
            case EXPIRED -> throw new GatewayException(HttpStatus.GONE, "link-expired",
                    "this link expired at " + Instant.ofEpochSecond(Long.parseLong(exp)));
            case VALID -> { }
        }
        AssetPaths.Target t = AssetPaths.resolve(tenant, id, "/" + rel);
        return server.serve(exchange, t, Long.parseLong(exp));
    }

    private Duration expiry(String expiresIn) {
        if (expiresIn == null || expiresIn.isBlank()) {
            return props.defaultPresignExpiry();
        }
        Duration d;
        try {
            d = DurationStyle.detectAndParse(expiresIn.strip(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("expiresIn '" + AssetPaths.safe(expiresIn)
                    + "' is not a duration (seconds, or e.g. 15m, 2h, PT1H)");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(props.maxPresignExpiry()) > 0) {
            throw GatewayException.badRequest("expiresIn must be more than 0 and at most "
                    + props.maxPresignExpiry().toSeconds() + " seconds");
        }
        return d;
    }

    private String base(ServerWebExchange exchange) {
        if (props.publicBaseUrl() != null) {
            return props.publicBaseUrl();
        }
        return UriComponentsBuilder.fromUri(exchange.getRequest().getURI()).replacePath(null).replaceQuery(null)
                .fragment(null).build().toUriString();
    }
}
