package io.reelpipe.ingest.upload;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.web.Tenants;
import io.reelpipe.ingest.web.ApiExceptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
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
                traceparent,
                Map.of());
        return uploads.upload(req, request.getBody()).map(UploadController::answer);
    }

    /**
     * {@code multipart/form-data}: the first file part is the upload, streamed like a raw body (constant memory;
     * the form is parsed as a stream of {@link PartEvent}s). Fields {@code title}, {@code pipeline},
     * {@code filename} and {@code tag.<name>} count when they come before the file part.
     */
    @PostMapping(path = "/v1/assets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<UploadResponse>> uploadForm(
            @RequestBody Flux<PartEvent> parts,
            @RequestHeader(value = Tenants.HEADER, required = false) String tenantHeader,
            @RequestHeader(value = "traceparent", required = false) String traceparent,
            @RequestParam(value = "title", required = false) String titleParam,
            @RequestParam(value = "pipeline", required = false) String pipelineParam) {
        String tenant = tenants.resolve(tenantHeader);
        Map<String, String> fields = new ConcurrentHashMap<>();
        AtomicBoolean fileSeen = new AtomicBoolean();
        return parts.windowUntil(PartEvent::isLast)
                .concatMap(window -> window.switchOnFirst((signal, events) -> {
                    PartEvent first = signal.get();
                    if (first instanceof FilePartEvent file && !fileSeen.getAndSet(true)) {
                        String title = titleParam != null ? titleParam : fields.get("title");
                        String pipeline = pipelineParam != null ? pipelineParam : fields.get("pipeline");
                        String filename = blankToNull(fields.getOrDefault("filename", file.filename()));
                        MediaType type = file.headers().getContentType();
                        Map<String, String> tags = new LinkedHashMap<>();
                        fields.forEach((k, v) -> {
                            if (k.startsWith("tag.") && k.length() > 4) {
                                tags.put(k.substring(4), truncate(v, 1024));
                            }
                        });
                        UploadRequest req = new UploadRequest(tenant,
                                filename == null ? null : truncate(filename, 512),
                                title == null ? null : truncate(title, 1024),
                                pipeline == null || pipeline.isBlank() ? props.getDefaultPipeline() : pipeline.strip(),
                                type == null ? null : type.toString(), -1, traceparent, tags);
                        return uploads.upload(req, events.map(PartEvent::content));
                    }
                    if (first instanceof FormPartEvent form && fields.size() < 64) {
                        fields.put(form.name(), truncate(form.value(), 4096));
                    }
                    return events.doOnNext(e -> DataBufferUtils.release(e.content())).then(Mono.<UploadResponse>empty());
                }))
                .collectList()
                .flatMap(list -> list.isEmpty()
                        ? Mono.error(new ApiExceptions.BadRequest("the form has no file part"))
                        : Mono.just(answer(list.get(0))));
    }

    static ResponseEntity<UploadResponse> answer(UploadResponse r) {
        ResponseEntity.BodyBuilder b = r.deduplicated() && !"QUEUED".equals(r.state()) ? ResponseEntity.ok()
                : ResponseEntity.accepted();
        return b.location(URI.create("/v1/jobs/" + r.jobId())).contentType(MediaType.APPLICATION_JSON).body(r);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
