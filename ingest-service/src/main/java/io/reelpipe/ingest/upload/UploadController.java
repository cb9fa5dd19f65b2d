package io.reelpipe.ingest.upload;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.web.Tenants;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/assets}: the request body is the file, streamed to object storage as it arrives (never held
 * whole in memory). Answers 202 with the queued job and {@code Location: /v1/jobs/{jobId}}.
 */
@RestController
public class UploadController {

    public static final String FILENAME_HEADER = "X-Reelpipe-Filename";

    private final UploadService uploads;
    private final Tenants tenants;
    private final IngestProperties props;

    public UploadController(UploadService uploads, Tenants tenants, IngestProperties props) {
        this.uploads = uploads;
        this.tenants = tenants;
        this.props = props;
    }

    @PostMapping(path = "/v1/assets", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<UploadResponse>> upload(
            ServerHttpRequest request,
            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
            @RequestHeader(value = FILENAME_HEADER, required = false) String filenameHeader,
            @RequestHeader(value = "traceparent", required = false) String traceparent,
            @RequestParam(value = "filename", required = false) String filenameParam,
            @RequestParam(value = "title", required = false) String title,
            @RequestParam(value = "pipeline", required = false) String pipeline) {
        HttpHeaders h = request.getHeaders();
        MediaType type = h.getContentType();
        String filename = blankToNull(filenameParam != null ? filenameParam : filenameHeader);
        UploadRequest req = new UploadRequest(
                tenants.resolve(tenantHeader),
                filename == null ? null : truncate(filename, 512),
                title == null ? null : truncate(title, 1024),
                pipeline == null || pipeline.isBlank() ? props.getDefaultPipeline() : pipeline.strip(),
                type == null ? null : type.toString(),
                h.getContentLength(),
                traceparent);
        return uploads.upload(req, request.getBody())
                .map(r -> ResponseEntity.accepted()
                        .location(URI.create("/v1/jobs/" + r.jobId()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(r));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
