package io.reelpipe.ingest.direct;

import io.reelpipe.ingest.upload.UploadResponse;
import io.reelpipe.ingest.web.Tenants;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/direct-uploads}: presigned uploads straight to object storage, completed by a call back. */
@RestController
public class DirectUploadController {

    private final DirectUploadService direct;
    private final Tenants tenants;

    public DirectUploadController(DirectUploadService direct, Tenants tenants) {
        this.direct = direct;
        this.tenants = tenants;
    }

    @PostMapping(path = "/v1/direct-uploads", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<DirectUploadService.Created>> create(
            @RequestBody(required = false) DirectUploadService.CreateRequest body,
            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
            @RequestHeader(value = "traceparent", required = false) String traceparent) {
        DirectUploadService.CreateRequest req = body != null ? body
                : new DirectUploadService.CreateRequest(null, null, null, null, null, null, null);
        return direct.create(tenants.resolve(tenantHeader), req, traceparent)
                .map(c -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/v1/direct-uploads/" + c.uploadId())).body(c));
    }

    @PostMapping(path = "/v1/direct-uploads/{id}/complete", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<UploadResponse>> complete(
            @PathVariable String id,
            @RequestBody(required = false) DirectUploadService.CompleteRequest body,
            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader) {
        return direct.complete(id, tenants.resolve(tenantHeader), body).map(r -> {
            ResponseEntity.BodyBuilder b = r.deduplicated() && !"QUEUED".equals(r.state()) ? ResponseEntity.ok()
                    : ResponseEntity.accepted();
            return b.location(URI.create("/v1/jobs/" + r.jobId())).body(r);
        });
    }

    @GetMapping(path = "/v1/direct-uploads/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> status(@PathVariable String id,
                                            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader) {
        return direct.status(id, tenants.resolve(tenantHeader));
    }
}
