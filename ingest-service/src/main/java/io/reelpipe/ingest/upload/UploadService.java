package io.reelpipe.ingest.upload;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.pipeline.PipelineRegistry;
import io.reelpipe.ingest.registration.AssetRegistration;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A streamed upload ({@code POST /v1/assets}, raw body or one file of a multipart form), from bytes to a queued job:
 * streams the body to {@code {tenant}/{assetId}/source/original} (bounded buffers, multipart for unknown length),
 * counting and SHA-256-hashing on the way, then hands it to {@link AssetRegistration} (limits, dedupe, probe, the
 * asset/job/outbox transaction). A failure at any step before the commit deletes the stored object.
 */
@Service
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    private final ObjectStore objects;
    private final PipelineRegistry pipelines;
    private final AssetRegistration registration;
    private final IngestProperties props;

    public UploadService(ObjectStore objects, PipelineRegistry pipelines, AssetRegistration registration,
                         IngestProperties props) {
        this.objects = objects;
        this.pipelines = pipelines;
        this.registration = registration;
        this.props = props;
    }

    public Mono<UploadResponse> upload(UploadRequest req, Flux<DataBuffer> body) {
        long max = props.maxUploadBytes(req.tenant());
        if (req.contentLength() > max) {
            return Mono.error(new ApiExceptions.UploadTooLarge(max));
        }
        if (req.contentLength() == 0) {
            return Mono.error(new ApiExceptions.UnsupportedMedia("the file is empty", null));
        }
        // The pipeline is resolved before a byte is read: an unknown pipeline costs no upload.
        AssetRegistration.Intake intake = new AssetRegistration.Intake(req.tenant(), req.filename(), req.title(),
                req.pipeline(), req.contentType(), req.traceparent(), req.tags());
        return pipelines.latest(req.pipeline())
                .then(store(req, body, max))
                .flatMap(stored -> registration.register(intake, stored, AssetRegistration.InTransaction.NONE));
    }

    private Mono<AssetRegistration.Stored> store(UploadRequest req, Flux<DataBuffer> body, long max) {
        String assetId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(req.tenant(), assetId);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("asset-id", assetId);
        meta.put("tenant", req.tenant());
        long t0 = System.nanoTime();
        return Mono.using(
                        () -> new HashingInputStream(DataBufferUtils.subscriberInputStream(body,
                                props.getUploadBufferDemand()), max),
                        (HashingInputStream in) -> objects.put(key, in, req.contentLength(), contentType(req), meta)
                                .map(ref -> new AssetRegistration.Stored(assetId, key, in.count(), in.sha256Hex(),
                                        ref.etag()))
                                .onErrorMap(e -> in.exceeded(), e -> new ApiExceptions.UploadTooLarge(max)),
                        HashingInputStream::closeQuietly)
                .onErrorResume(e -> registration.deleteQuietly(key).then(Mono.error(e)))
                .doOnNext(stored -> log.atInfo().addKeyValue("assetId", assetId).addKeyValue("tenant", req.tenant())
                        .log("upload stored assetId={} key={} bytes={} took_ms={}", assetId, key, stored.size(),
                                (System.nanoTime() - t0) / 1_000_000));
    }

    private static String contentType(UploadRequest req) {
        return req.contentType() == null || req.contentType().isBlank() ? "application/octet-stream" : req.contentType();
    }
}
