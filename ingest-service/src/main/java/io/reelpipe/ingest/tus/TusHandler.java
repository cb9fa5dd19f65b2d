package io.reelpipe.ingest.tus;

import io.reelpipe.ingest.upload.UploadResponse;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.ingest.web.PublicUrls;
import io.reelpipe.ingest.web.Tenants;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * tus 1.0.0 on {@code /v1/uploads/} (core + creation, creation-with-upload, creation-defer-length, expiration,
 * checksum, termination, concatenation), plus {@code GET /v1/uploads/{id}}: the upload's state as JSON for
 * clients that are not tus clients. The final PATCH (or the final concatenation) answers with headers
 * {@code Reelpipe-Asset-Id} and {@code Reelpipe-Job-Id}.
 */
@RestController
public class TusHandler {

    public static final String ASSET_HEADER = "Reelpipe-Asset-Id";
    public static final String JOB_HEADER = "Reelpipe-Job-Id";
    public static final String DEDUPE_HEADER = "Reelpipe-Deduplicated";
    static final String OFFSET_TYPE = "application/offset+octet-stream";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final TusService tus;
    private final Tenants tenants;

    public TusHandler(TusService tus, Tenants tenants) {
        this.tus = tus;
        this.tenants = tenants;
    }

    @RequestMapping(path = {"/v1/uploads", "/v1/uploads/", "/v1/uploads/{id}"}, method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> options(@RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader) {
        return ResponseEntity.status(HttpStatus.NO_CONTENT)
                .header("Tus-Resumable", TusService.VERSION)
                .header("Tus-Version", TusService.VERSION)
                .header("Tus-Extension", String.join(",", TusService.EXTENSIONS))
                .header("Tus-Checksum-Algorithm", String.join(",", TusService.CHECKSUMS))
                .header("Tus-Max-Size", String.valueOf(tus.maxSize(tenants.resolve(tenantHeader))))
                .build();
    }

    @PostMapping(path = {"/v1/uploads", "/v1/uploads/"})
    public Mono<ResponseEntity<Void>> create(ServerHttpRequest request,
                                             @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
                                             @RequestHeader(value = "Tus-Resumable", required = false) String resumable,
                                             @RequestHeader(value = "Upload-Length", required = false) String length,
                                             @RequestHeader(value = "Upload-Defer-Length", required = false) String defer,
                                             @RequestHeader(value = "Upload-Metadata", required = false) String metadata,
                                             @RequestHeader(value = "Upload-Concat", required = false) String concat,
                                             @RequestHeader(value = "Upload-Checksum", required = false) String checksum,
                                             @RequestHeader(value = "traceparent", required = false) String traceparent) {
        requireTus(resumable);
        String tenant = tenants.resolve(tenantHeader);
        String base = PublicUrls.base(request) + "/v1/uploads/";
        if (concat != null && concat.strip().startsWith("final")) {
            return tus.createFinal(tenant, concat.strip(), metadata, traceparent)
                    .map(f -> completed(ResponseEntity.status(HttpStatus.CREATED)
                            .location(java.net.URI.create(base + f.id()))
                            .header("Upload-Offset", String.valueOf(f.outcome().offset())), f.outcome()));
        }
        if (defer != null && !"1".equals(defer.strip())) {
            throw new ApiExceptions.BadRequest("Upload-Defer-Length must be 1");
        }
        Long len = parseLong("Upload-Length", length);
        if (len != null && defer != null) {
            throw new ApiExceptions.BadRequest("send Upload-Length or Upload-Defer-Length, not both");
        }
        boolean withBody = isOffsetStream(request) && hasBody(request);
        return tus.create(tenant, len, defer != null, metadata, concat == null ? null : concat.strip(), traceparent)
                .flatMap(u -> {
                    java.net.URI location = java.net.URI.create(base + u.id());
                    if (withBody) {
                        return tus.patch(u.id(), tenant, 0, null, checksum, request.getBody())
                                .map(o -> completed(ResponseEntity.status(HttpStatus.CREATED).location(location)
                                        .header("Upload-Offset", String.valueOf(o.offset())), o));
                    }
                    if (len != null && len == 0 && !u.partial()) {
                        return tus.completeEmpty(u).map(o -> completed(ResponseEntity.status(HttpStatus.CREATED)
                                .location(location).header("Upload-Offset", "0"), o));
                    }
                    return Mono.just(tusHeaders(ResponseEntity.status(HttpStatus.CREATED).location(location))
                            .header("Upload-Expires", HTTP_DATE.format(u.expiresAt()))
                            .<Void>build());
                });
    }

    @RequestMapping(path = "/v1/uploads/{id}", method = RequestMethod.HEAD)
    public Mono<ResponseEntity<Void>> head(@PathVariable String id,
                                           @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
                                           @RequestHeader(value = "Tus-Resumable", required = false) String resumable) {
        requireTus(resumable);
        return tus.head(id, tenants.resolve(tenantHeader)).map(u -> {
            ResponseEntity.BodyBuilder b = tusHeaders(ResponseEntity.ok())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("Upload-Offset", String.valueOf(u.fin() && u.length() != null ? u.length() : u.offset()));
            if (u.length() != null) {
                b.header("Upload-Length", String.valueOf(u.length()));
            } else {
                b.header("Upload-Defer-Length", "1");
            }
            if (u.metadataRaw() != null) {
                b.header("Upload-Metadata", u.metadataRaw());
            }
            if (u.partial()) {
                b.header("Upload-Concat", "partial");
            } else if (u.fin()) {
                b.header("Upload-Concat", "final;" + String.join(" ", u.concatParts().stream()
                        .map(p -> "/v1/uploads/" + p).toList()));
            }
            if (TusUpload.UPLOADING.equals(u.state())) {
                b.header("Upload-Expires", HTTP_DATE.format(u.expiresAt()));
            }
            if (u.jobId() != null) {
                b.header(ASSET_HEADER, u.assetId()).header(JOB_HEADER, u.jobId());
            }
            return b.build();
        });
    }

    @PatchMapping("/v1/uploads/{id}")
    public Mono<ResponseEntity<Void>> patch(@PathVariable String id, ServerHttpRequest request,
                                            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
                                            @RequestHeader(value = "Tus-Resumable", required = false) String resumable,
                                            @RequestHeader(value = "Upload-Offset", required = false) String offset,
                                            @RequestHeader(value = "Upload-Length", required = false) String length,
                                            @RequestHeader(value = "Upload-Checksum", required = false) String checksum) {
        requireTus(resumable);
        if (!isOffsetStream(request)) {
            throw new ApiExceptions.Protocol(415, "bad-content-type",
                    "a PATCH body must have Content-Type: " + OFFSET_TYPE);
        }
        Long off = parseLong("Upload-Offset", offset);
        if (off == null) {
            throw new ApiExceptions.BadRequest("Upload-Offset is required");
        }
        return tus.patch(id, tenants.resolve(tenantHeader), off, parseLong("Upload-Length", length), checksum,
                        request.getBody())
                .map(o -> completed(ResponseEntity.status(HttpStatus.NO_CONTENT).header("Upload-Offset", String.valueOf(o.offset())), o));
    }

    @DeleteMapping("/v1/uploads/{id}")
    public Mono<ResponseEntity<Void>> terminate(@PathVariable String id,
                                                @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
                                                @RequestHeader(value = "Tus-Resumable", required = false) String resumable) {
        requireTus(resumable);
        return tus.terminate(id, tenants.resolve(tenantHeader))
                .then(Mono.fromSupplier(() -> tusHeaders(ResponseEntity.status(HttpStatus.NO_CONTENT)).<Void>build()));
    }

    /** Not tus: the upload as JSON (state, offset, and the asset and job once complete, or the refusal). */
    @GetMapping(path = "/v1/uploads/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> status(@PathVariable String id,
                                            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader) {
        return tus.head(id, tenants.resolve(tenantHeader)).onErrorResume(ApiExceptions.Gone.class,
                e -> tus.find(id, tenants.resolve(tenantHeader))).map(u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uploadId", u.id());
            m.put("state", u.state());
            m.put("offset", u.offset());
            m.put("length", u.length());
            m.put("metadata", u.metadata());
            m.put("concat", u.concatType());
            m.put("pipeline", u.pipeline());
            m.put("sha256", u.sha256());
            m.put("expiresAt", u.expiresAt());
            if (u.jobId() != null) {
                m.put("assetId", u.assetId());
                m.put("jobId", u.jobId());
                m.put("deduplicated", u.deduplicated());
            }
            if (u.reason() != null) {
                m.put("code", u.reasonCode());
                m.put("reason", u.reason());
            }
            Map<String, String> links = new LinkedHashMap<>();
            links.put("self", "/v1/uploads/" + u.id());
            if (u.jobId() != null) {
                links.put("job", "/v1/jobs/" + u.jobId());
                links.put("asset", "/v1/assets/" + u.assetId());
            }
            m.put("links", links);
            return m;
        });
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static ResponseEntity<Void> completed(ResponseEntity.BodyBuilder b, TusService.Outcome o) {
        tusHeaders(b);
        UploadResponse r = o.registered();
        if (r != null) {
            b.header(ASSET_HEADER, r.assetId()).header(JOB_HEADER, r.jobId())
                    .header(DEDUPE_HEADER, String.valueOf(r.deduplicated()));
        } else if (o.expiresAt() != null) {
            b.header("Upload-Expires", HTTP_DATE.format(o.expiresAt()));
        }
        return b.build();
    }

    private static ResponseEntity.BodyBuilder tusHeaders(ResponseEntity.BodyBuilder b) {
        // Access-Control-Expose-Headers for browsers: web/CorsPolicy
        return b.header("Tus-Resumable", TusService.VERSION);
    }

    private static void requireTus(String resumable) {
        if (resumable == null || !TusService.VERSION.equals(resumable.strip())) {
            throw new ApiExceptions.Protocol(412, "tus-version", "this server speaks tus " + TusService.VERSION
                    + "; send Tus-Resumable: " + TusService.VERSION);
        }
    }

    private static boolean isOffsetStream(ServerHttpRequest request) {
        MediaType t = request.getHeaders().getContentType();
        return t != null && OFFSET_TYPE.equalsIgnoreCase(t.getType() + "/" + t.getSubtype());
    }

    private static boolean hasBody(ServerHttpRequest request) {
        HttpHeaders h = request.getHeaders();
        return h.getContentLength() > 0 || h.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static Long parseLong(String name, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long l = Long.parseLong(v.strip());
            if (l < 0) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw new ApiExceptions.BadRequest(name + " must be a non-negative integer");
        }
    }
}
