package io.reelpipe.ingest.tus;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.pipeline.PipelineRegistry;
import io.reelpipe.ingest.registration.AssetRegistration;
import io.reelpipe.ingest.storage.S3Multipart.PartInfo;
import io.reelpipe.ingest.storage.S3Multipart;
import io.reelpipe.ingest.upload.UploadResponse;
import io.reelpipe.ingest.web.ApiException;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.config.S3Properties;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.storage.ObjectKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * tus 1.0 uploads: creation (with upload, deferred length), PATCH into S3 multipart parts through {@link PartSink},
 * checksums, termination, expiry and concatenation. Completion hands the stored object to {@link AssetRegistration},
 * the same path as a streamed {@code POST /v1/assets}.
 */
@Service
public class TusService {

    public static final String VERSION = "1.0.0";
    public static final List<String> EXTENSIONS = List.of("creation", "creation-with-upload", "creation-defer-length",
            "expiration", "checksum", "termination", "concatenation");
    public static final List<String> CHECKSUMS = List.of("sha1", "sha256", "md5");

    private static final Logger log = LoggerFactory.getLogger(TusService.class);

    private final TusUploadRepository repo;
    private final S3Multipart s3;
    private final AssetRegistration registration;
    private final PipelineRegistry pipelines;
    private final IngestProperties props;
    private final long partSize;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    public TusService(TusUploadRepository repo, S3Multipart s3, AssetRegistration registration,
                      PipelineRegistry pipelines, IngestProperties props, S3Properties s3Props) {
        this.repo = repo;
        this.s3 = s3;
        this.registration = registration;
        this.pipelines = pipelines;
        this.props = props;
        this.partSize = props.getTus().getPartSize() != null ? props.getTus().getPartSize().toBytes()
                : s3Props.partSize().toBytes();
    }

    /** What a PATCH (or creation) left: the new offset, the expiry, and the registration once complete. */
    public record Outcome(long offset, Instant expiresAt, UploadResponse registered) {
    }

    /** A parsed {@code Upload-Checksum}. */
    public record Checksum(String algorithm, byte[] expected) {
        static Checksum parse(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            String[] p = header.strip().split(" ", 2);
            String alg = p[0].toLowerCase(Locale.ROOT);
            if (!CHECKSUMS.contains(alg)) {
                throw new ApiExceptions.BadRequest("Upload-Checksum: unsupported algorithm '" + p[0]
                        + "' (supported: " + String.join(", ", CHECKSUMS) + ")");
            }
            if (p.length < 2) {
                throw new ApiExceptions.BadRequest("Upload-Checksum: no checksum after the algorithm");
            }
            try {
                return new Checksum(alg, Base64.getDecoder().decode(p[1].strip()));
            } catch (IllegalArgumentException e) {
                throw new ApiExceptions.BadRequest("Upload-Checksum: the checksum is not base64");
            }
        }

        MessageDigest digest() {
            try {
                return MessageDigest.getInstance(switch (algorithm) {
                    case "sha1" -> "SHA-1";
                    case "sha256" -> "SHA-256";
                    default -> "MD5";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public long maxSize(String tenant) {
        return props.maxUploadBytes(tenant);
    }

    // ------------------------------------------------------------------------------------------------ creation

    public Mono<TusUpload> create(String tenant, Long length, boolean deferLength, String metadataRaw, String concat,
                                  String traceparent) {
        return Mono.defer(() -> {
            if (concat != null && concat.startsWith("final")) {
                return Mono.error(new IllegalStateException("final uploads are created by createFinal"));
            }
            boolean partial = "partial".equals(concat);
            if (concat != null && !partial) {
                throw new ApiExceptions.BadRequest("Upload-Concat must be 'partial' or 'final;<urls>'");
            }
            if (length == null && !deferLength) {
                throw new ApiExceptions.BadRequest("Upload-Length or Upload-Defer-Length: 1 is required");
            }
            if (length != null && length < 0) {
                throw new ApiExceptions.BadRequest("Upload-Length must not be negative");
            }
            if (length != null) {
                registration.checkDeclaredSize(tenant, length);
            }
            Map<String, String> metadata = TusMetadata.parse(metadataRaw);
            String pipeline = pipelineOf(metadata);
            String id = UUID.randomUUID().toString().replace("-", "");
            String assetId = UUID.randomUUID().toString();
            String key = partial ? partialKey(tenant, id) : ObjectKeys.source(tenant, assetId);
            TusUpload u = new TusUpload(id, tenant, assetId, key, length, 0, metadata, blankToNull(metadataRaw),
                    pipeline, TusMetadata.contentType(metadata), partial ? "partial" : null, null, null, List.of(), 0,
                    0, spoolPath(id).toString(), null, null, null, TusUpload.UPLOADING, null, null, null, false,
                    traceparent, null, null, Instant.now().plus(props.getTus().getExpiry()), Instant.now());
            // an unknown pipeline costs no upload (partials carry no pipeline of their own)
            Mono<?> check = partial ? Mono.just(true) : pipelines.latest(pipeline);
            return check.then(repo.insert(u)).then(repo.find(id))
                    .doOnNext(x -> log.info("tus upload created id={} tenant={} length={} concat={}", id, tenant,
                            length, x.concatType()));
        });
    }

    /** Completes a zero-length upload at once (its registration refuses it with a reason). */
    public Mono<Outcome> completeEmpty(TusUpload u) {
        String owner = owner();
        return repo.lock(u.id(), owner, props.getTus().getLockTtl())
                .flatMap(locked -> finish(locked, sinkFor(locked), owner))
                .flatMap(o -> repo.unlock(u.id(), owner).thenReturn(o))
                .onErrorResume(e -> repo.unlock(u.id(), owner).then(Mono.error(e)));
    }

    // ------------------------------------------------------------------------------------------------ HEAD / GET

    /** The upload of {@code tenant} as HEAD reports it (a lost spool tail shows as the last part boundary). */
    public Mono<TusUpload> head(String id, String tenant) {
        return find(id, tenant).map(u -> {
            if (TusUpload.UPLOADING.equals(u.state()) && u.expiresAt().isBefore(Instant.now())) {
                throw new ApiExceptions.Gone("the upload " + id + " expired");
            }
            boolean locked = u.lockOwner() != null && u.lockExpiresAt() != null
                    && u.lockExpiresAt().isAfter(Instant.now());
            if (TusUpload.UPLOADING.equals(u.state()) && !locked
                    && !PartSink.tailIntact(Path.of(u.spoolPath()), u.tailBytes())) {
                return withOffset(u, u.partsBytes());
            }
            return u;
        });
    }

    public Mono<TusUpload> find(String id, String tenant) {
        return repo.find(id)
                .filter(u -> u.tenant().equals(tenant))
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("upload", id)));
    }

    // ------------------------------------------------------------------------------------------------ PATCH

    public Mono<Outcome> patch(String id, String tenant, long clientOffset, Long declaredLength, String checksumHeader,
                               Flux<DataBuffer> body) {
        Checksum checksum = Checksum.parse(checksumHeader);
        String owner = owner();
        return find(id, tenant).flatMap(u -> {
            if (TusUpload.COMPLETED.equals(u.state()) && u.length() != null && clientOffset == u.length()) {
                // a retried last PATCH whose answer was lost (or an empty closing PATCH): the upload is done, say
                // so again instead of failing it
                UploadResponse done = u.jobId() == null ? null : new UploadResponse(u.assetId(), u.jobId(),
                        u.pipeline(), 0, "QUEUED", u.length(), u.sha256(), Map.of(), u.deduplicated(), Map.of());
                return body.doOnNext(DataBufferUtils::release)
                        .then(Mono.just(new Outcome(u.length(), u.expiresAt(), done)));
            }
            if (u.fin()) {
                return Mono.error(new ApiExceptions.Protocol(403, "final-upload",
                        "a final (concatenated) upload cannot be PATCHed"));
            }
            if (!TusUpload.UPLOADING.equals(u.state())) {
                return Mono.error(new ApiExceptions.Conflict("upload-finished",
                        "the upload is " + u.state().toLowerCase(Locale.ROOT) + "; it accepts no more bytes"));
            }
            if (u.expiresAt().isBefore(Instant.now())) {
                return Mono.error(new ApiExceptions.Gone("the upload " + id + " expired"));
            }
            return repo.lock(id, owner, props.getTus().getLockTtl())
                    .switchIfEmpty(Mono.error(() -> new ApiExceptions.Locked("another request is writing to "
                            + "upload " + id + " right now; retry after it ends (a lock of a dropped "
                            + "connection clears within " + props.getTus().getLockTtl().toSeconds() + " s)")))
                    .flatMap(locked -> {
                        Mono<Outcome> work = withHeartbeat(id, owner,
                                patchLocked(locked, owner, clientOffset, declaredLength, checksum, body));
                        Mono<Long> unlock = repo.unlock(id, owner);
                        return work.flatMap(o -> unlock.thenReturn(o))
                                .onErrorResume(e -> unlock.onErrorResume(x -> Mono.empty()).then(Mono.error(e)))
                                .doOnCancel(() -> unlock.subscribe());
                    });
        });
    }

    private Mono<Outcome> patchLocked(TusUpload u0, String owner, long clientOffset, Long declaredLength,
                                      Checksum checksum, Flux<DataBuffer> body) {
        return recoverTail(u0, owner).flatMap(u -> {
            if (clientOffset != u.offset()) {
                return Mono.error(new ApiExceptions.Conflict("offset-mismatch", "Upload-Offset is " + clientOffset
                        + " but the upload is at " + u.offset() + "; HEAD it and resume from there"));
            }
            Long length = u.length();
            if (declaredLength != null) {
                if (length == null) {
                    if (declaredLength < u.offset()) {
                        return Mono.error(new ApiExceptions.BadRequest("Upload-Length is smaller than the offset"));
                    }
                    registration.checkDeclaredSize(u.tenant(), declaredLength);
                    length = declaredLength;
                } else if (!length.equals(declaredLength)) {
                    return Mono.error(new ApiExceptions.BadRequest("Upload-Length cannot change once set"));
                }
            }
            Long finalLength = length;
            long allowed = (length != null ? length : maxSize(u.tenant())) - u.offset();
            PartSink sink = sinkFor(u);
            Instant expires = Instant.now().plus(props.getTus().getExpiry());
            long t0 = System.nanoTime();
            return Mono.fromCallable(() -> receive(u, sink, body, checksum, allowed, finalLength == null))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(r -> repo.saveProgress(u.id(), owner, finalLength, r.snapshot(), expires)
                            .then(Mono.defer(() -> {
                                log.info("tus patch id={} offset={} -> {} took_ms={}{}", u.id(), u.offset(),
                                        r.snapshot().offset(), (System.nanoTime() - t0) / 1_000_000,
                                        r.error() == null ? "" : " error=" + r.error().getMessage());
                                if (r.error() != null) {
                                    return Mono.error(r.error());
                                }
                                TusUpload now = withProgress(u, finalLength, r.snapshot());
                                if (now.complete()) {
                                    return finish(now, sink, owner);
                                }
                                return Mono.just(new Outcome(now.offset(), expires, null));
                            })));
        });
    }

    private record Received(PartSink.Snapshot snapshot, RuntimeException error) {
    }

    /** Blocking: the body into the sink (through a verified temp file when a checksum is given). */
    private Received receive(TusUpload u, PartSink sink, Flux<DataBuffer> body, Checksum checksum, long allowed,
                             boolean lengthDeferred) throws IOException {
        InputStream in = DataBufferUtils.subscriberInputStream(body, props.getUploadBufferDemand());
        Path verified = null;
        RuntimeException error = null;
        try {
            if (checksum != null) {
                verified = Path.of(u.spoolPath() + ".checksum-" + UUID.randomUUID());
                MessageDigest md = checksum.digest();
                long n = 0;
                try (OutputStream out = Files.newOutputStream(verified)) {
                    byte[] buf = new byte[64 * 1024];
                    int r;
                    while ((r = in.read(buf)) >= 0) {
                        n += r;
                        if (n > allowed) {
                            throw tooMany(u, allowed, lengthDeferred);
                        }
                        md.update(buf, 0, r);
                        out.write(buf, 0, r);
                    }
                }
                if (!MessageDigest.isEqual(md.digest(), checksum.expected())) {
                    throw new ApiExceptions.ChecksumMismatch(checksum.algorithm());
                }
                in.close();
                in = Files.newInputStream(verified);
            }
            try {
                sink.write(in, allowed);
            } catch (PartSink.TooManyBytes e) {
                error = tooMany(u, allowed, lengthDeferred);
            } catch (IOException e) {
                // the client went away: what arrived is kept and the client resumes from HEAD's offset
                log.info("tus patch id={} body ended early: {}", u.id(), e.toString());
            }
            PartSink.Snapshot s;
            try {
                s = sink.drain();
            } catch (RuntimeException e) {
                log.warn("tus patch id={} storing a part failed, back to offset {}: {}", u.id(), sink.offset(),
                        e.toString());
                s = sink.snapshot();
                error = new ApiExceptions.Unavailable("storing the upload failed; resume from Upload-Offset "
                        + s.offset(), e);
            }
            return new Received(s, error);
        } finally {
            closeQuietly(in);
            if (verified != null) {
                Files.deleteIfExists(verified);
            }
        }
    }

    private ApiException tooMany(TusUpload u, long allowed, boolean lengthDeferred) {
        if (lengthDeferred) {
            return new ApiExceptions.UploadTooLarge(maxSize(u.tenant()));
        }
        return new ApiExceptions.BadRequest("the body goes past Upload-Length (" + allowed + " bytes were left)");
    }

    /** Under the lock: a spool tail that is gone (other instance, lost disk) resets to the last stored part. */
    private Mono<TusUpload> recoverTail(TusUpload u, String owner) {
        if (PartSink.tailIntact(Path.of(u.spoolPath()), u.tailBytes())) {
            return Mono.just(u);
        }
        log.warn("tus upload id={} lost its spool tail ({} bytes); resuming from the last stored part at {}", u.id(),
                u.tailBytes(), u.partsBytes());
        PartSink.Snapshot s = new PartSink.Snapshot(u.s3UploadId(), u.parts(), u.partsBytes(), 0,
                u.sha256DurableState() == null ? new io.reelpipe.ingest.hash.Sha256State().export()
                        : u.sha256DurableState(),
                u.sha256DurableState() == null ? new io.reelpipe.ingest.hash.Sha256State().export()
                        : u.sha256DurableState());
        return repo.saveProgress(u.id(), owner, u.length(), s, u.expiresAt())
                .then(repo.find(u.id()));
    }

    // ------------------------------------------------------------------------------------------------ completion

    private Mono<Outcome> finish(TusUpload u, PartSink sink, String owner) {
        long t0 = System.nanoTime();
        return Mono.fromCallable(() -> new String[] {sink.complete(), sink.sha256Hex()})
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> !(e instanceof ApiException),
                        e -> new ApiExceptions.Unavailable("completing the upload in storage failed; retry", e))
                .flatMap(done -> {
                    String etag = done[0];
                    String sha = done[1];
                    log.info("tus upload stored id={} key={} bytes={} sha256={} took_ms={}", u.id(), u.objectKey(),
                            u.offset(), sha, (System.nanoTime() - t0) / 1_000_000);
                    if (u.partial()) {
                        return repo.markState(u.id(), TusUpload.COMPLETED, sha)
                                .thenReturn(new Outcome(u.offset(), u.expiresAt(), null));
                    }
                    return repo.markState(u.id(), TusUpload.COMPLETING, sha)
                            .then(register(u, etag, sha))
                            .map(r -> new Outcome(u.offset(), u.expiresAt(), r));
                });
    }

    private Mono<UploadResponse> register(TusUpload u, String etag, String sha) {
        AssetRegistration.Intake intake = new AssetRegistration.Intake(u.tenant(), TusMetadata.filename(u.metadata()),
                u.metadata().get("title"), u.pipeline(), u.contentType(), u.traceparent(),
                TusMetadata.tags(u.metadata()));
        AssetRegistration.Stored stored = new AssetRegistration.Stored(u.assetId(), u.objectKey(),
                u.length() == null ? u.offset() : u.length(), sha, etag);
        return registration.register(intake, stored,
                        r -> repo.markCompleted(u.id(), r.assetId(), r.jobId(), r.deduplicated()).then())
                .onErrorResume(ApiException.class, e -> {
                    if (e.status().is5xxServerError()) {
                        return Mono.error(e); // left COMPLETING: the sweeper retries
                    }
                    return repo.markFailed(u.id(), e.code(), e.reason()).then(Mono.error(e));
                });
    }

    /** Retries a completion a crash interrupted (bytes stored, no registration committed). */
    public Mono<Void> resumeCompletion(TusUpload u) {
        String owner = owner();
        return repo.lock(u.id(), owner, props.getTus().getLockTtl())
                .flatMap(locked -> Mono.fromCallable(() -> {
                            long size = s3.size(locked.objectKey());
                            if (size < 0 && locked.s3UploadId() != null) {
                                List<PartInfo> parts = s3.listParts(locked.objectKey(), locked.s3UploadId());
                                return s3.complete(locked.objectKey(), locked.s3UploadId(), parts);
                            }
                            return "";
                        })
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(etag -> register(locked, etag.isEmpty() ? null : etag, locked.sha256()))
                        .then(repo.unlock(u.id(), owner))
                        .onErrorResume(e -> {
                            log.warn("tus completion retry id={} failed: {}", u.id(), e.toString());
                            Mono<Long> give = e instanceof ApiException ? Mono.just(0L)
                                    : repo.markFailed(u.id(), "incomplete", "the upload could not be completed after "
                                            + "an interruption; please upload it again");
                            return give.then(repo.unlock(u.id(), owner));
                        }))
                .then();
    }

    // ------------------------------------------------------------------------------------------------ termination

    public Mono<Void> terminate(String id, String tenant) {
        String owner = owner();
        return find(id, tenant)
                .flatMap(u -> repo.lock(id, owner, props.getTus().getLockTtl())
                        .switchIfEmpty(Mono.error(() -> new ApiExceptions.Locked("a request is writing to upload " + id
                                + " right now; terminate it after that request ends"))))
                .flatMap(u -> Mono.fromRunnable(() -> discard(u)).subscribeOn(Schedulers.boundedElastic())
                        .then(repo.delete(id)))
                .doOnSuccess(x -> log.info("tus upload terminated id={}", id))
                .then();
    }

    /** Removes what an unfinished (or consumed partial) upload holds in S3 and on disk. */
    void discard(TusUpload u) {
        if (TusUpload.UPLOADING.equals(u.state()) || TusUpload.FAILED.equals(u.state())) {
            PartSink.discard(s3, u.objectKey(), u.s3UploadId(), Path.of(u.spoolPath()));
        } else if (u.partial()) {
            PartSink.deleteSpool(Path.of(u.spoolPath()));
            registration.deleteQuietly(u.objectKey()).block(Duration.ofSeconds(30));
        }
    }

    // ------------------------------------------------------------------------------------------------ concatenation

    /**
     * {@code Upload-Concat: final;<url> <url> ...}: the partial uploads (all complete) become one object by S3
     * UploadPartCopy (server-side, no bytes through ingest) when every partial but the last is at least 5 MiB, else
     * by a streaming copy through a {@link PartSink}. The SHA-256 of the whole cannot be carried on from the
     * partials' states (they were hashed independently), so the partial objects are read once, in order, through
     * the digest while the copy runs: the one second read ingest does, and only for concatenated uploads.
     */
    public Mono<FinalCreated> createFinal(String tenant, String concatHeader, String metadataRaw, String traceparent) {
        List<String> ids = new ArrayList<>();
        for (String url : concatHeader.substring("final;".length()).strip().split("\\s+")) {
            if (url.isBlank()) {
                continue;
            }
            String path = url.replaceFirst("^[a-zA-Z]+://[^/]+", "");
            int slash = path.lastIndexOf('/');
            String id = slash >= 0 ? path.substring(slash + 1) : path;
            if (!id.matches("[0-9a-f]{32}")) {
                return Mono.error(new ApiExceptions.BadRequest("Upload-Concat: '" + url + "' is not an upload URL"));
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return Mono.error(new ApiExceptions.BadRequest("Upload-Concat: final needs at least one partial upload"));
        }
        Map<String, String> metadata = TusMetadata.parse(metadataRaw);
        String pipeline = pipelineOf(metadata);
        return pipelines.latest(pipeline).then(repo.findAll(ids).collectList()).flatMap(found -> {
            Map<String, TusUpload> byId = new LinkedHashMap<>();
            found.forEach(p -> byId.put(p.id(), p));
            List<TusUpload> partials = new ArrayList<>();
            long length = 0;
            for (String pid : ids) {
                TusUpload p = byId.get(pid);
                if (p == null || !p.tenant().equals(tenant) || !p.partial()) {
                    return Mono.error(new ApiExceptions.BadRequest("Upload-Concat: " + pid + " is not a partial "
                            + "upload of this tenant"));
                }
                if (!TusUpload.COMPLETED.equals(p.state())) {
                    return Mono.error(new ApiExceptions.Conflict("partial-incomplete", "the partial upload " + pid
                            + " is not complete yet"));
                }
                partials.add(p);
                length += p.offset();
            }
            registration.checkDeclaredSize(tenant, length);
            String id = UUID.randomUUID().toString().replace("-", "");
            String assetId = UUID.randomUUID().toString();
            long total = length;
            TusUpload u = new TusUpload(id, tenant, assetId, ObjectKeys.source(tenant, assetId), length, 0, metadata,
                    blankToNull(metadataRaw), pipeline, TusMetadata.contentType(metadata), "final", ids, null,
                    List.of(), 0, 0, spoolPath(id).toString(), null, null, null, TusUpload.COMPLETING, null, null,
                    null, false, traceparent, null, null, Instant.now().plus(props.getTus().getExpiry()),
                    Instant.now());
            long t0 = System.nanoTime();
            return repo.insert(u)
                    .then(Mono.fromCallable(() -> compose(u, partials))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(done -> {
                        log.info("tus final upload composed id={} partials={} bytes={} took_ms={} mode={}", id,
                                partials.size(), total, (System.nanoTime() - t0) / 1_000_000, done[2]);
                        TusUpload full = withOffset(u, total);
                        return repo.markState(id, TusUpload.COMPLETING, done[1])
                                .then(register(full, done[0], done[1]));
                    })
                    .map(r -> new FinalCreated(id, new Outcome(total, u.expiresAt(), r)))
                    .onErrorResume(e -> !(e instanceof ApiException), e -> repo.markFailed(id, "internal",
                            e.toString()).then(Mono.error(e)))
                    // the partials are consumed either way: their bytes are in the final object or refused with it
                    .doFinally(sig -> Flux.fromIterable(partials)
                            .concatMap(p -> registration.deleteQuietly(p.objectKey()).then(repo.delete(p.id())))
                            .subscribe());
        });
    }

    /** The final upload's id and how it ended. */
    public record FinalCreated(String id, Outcome outcome) {
    }

    /** Blocking: {etag, sha256, mode}. */
    private String[] compose(TusUpload u, List<TusUpload> partials) throws Exception {
        List<TusUpload> nonEmpty = partials.stream().filter(p -> p.offset() > 0).toList();
        boolean copyable = !nonEmpty.isEmpty() && nonEmpty.size() <= S3Multipart.MAX_PARTS;
        for (int i = 0; i < nonEmpty.size() - 1; i++) {
            copyable &= nonEmpty.get(i).offset() >= S3Multipart.MIN_PART_SIZE;
        }
        if (copyable) {
            String uploadId = s3.create(u.objectKey(), u.contentType(), Map.of("asset-id", u.assetId()));
            repo.setS3UploadId(u.id(), uploadId).block(Duration.ofSeconds(30));
            CompletableFuture<String> hash = CompletableFuture.supplyAsync(() -> hashObjects(nonEmpty),
                    r -> Schedulers.boundedElastic().schedule(r));
            try {
                List<PartInfo> parts = new ArrayList<>();
                for (int i = 0; i < nonEmpty.size(); i++) {
                    TusUpload p = nonEmpty.get(i);
                    parts.add(s3.copyPart(u.objectKey(), uploadId, i + 1, p.objectKey(), p.offset()));
                }
                String etag = s3.complete(u.objectKey(), uploadId, parts);
                return new String[] {etag, S3Multipart.join(hash), "upload-part-copy"};
            } catch (RuntimeException e) {
                s3.abort(u.objectKey(), uploadId);
                throw e;
            }
        }
        PartSink sink = PartSink.fresh(s3, u.objectKey(), u.contentType(), Map.of("asset-id", u.assetId()), partSize,
                props.getTus().getMaxInflightParts(), Path.of(u.spoolPath()),
                uploadId -> repo.setS3UploadId(u.id(), uploadId).block(Duration.ofSeconds(30)));
        try {
            for (TusUpload p : nonEmpty) {
                try (InputStream in = s3.get(p.objectKey())) {
                    sink.write(in, Long.MAX_VALUE);
                }
            }
            String etag = sink.complete();
            return new String[] {etag, sink.sha256Hex(), "streaming-copy"};
        } catch (Exception e) {
            PartSink.discard(s3, u.objectKey(), sink.snapshot().uploadId(), Path.of(u.spoolPath()));
            throw e;
        }
    }

    private String hashObjects(List<TusUpload> partials) {
        try {
            return s3.sha256Hex(partials.stream().map(TusUpload::objectKey).toList());
        } catch (RuntimeException e) {
            throw new IllegalStateException("hashing the partial uploads failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private PartSink sinkFor(TusUpload u) {
        return new PartSink(s3, u.objectKey(), u.contentType(), Map.of("asset-id", u.assetId()), partSize,
                props.getTus().getMaxInflightParts(), Path.of(u.spoolPath()),
                uploadId -> repo.setS3UploadId(u.id(), uploadId).block(Duration.ofSeconds(30)),
                u.s3UploadId(), u.parts(), u.partsBytes(), u.tailBytes(), u.sha256State(), u.sha256DurableState());
    }

    private <T> Mono<T> withHeartbeat(String id, String owner, Mono<T> work) {
        Duration every = props.getTus().getLockTtl().dividedBy(3);
        return Mono.using(
                // a failed heartbeat is retried at the next tick; the lease outlives a few of them
                () -> PeriodicTask.every(every, every, t -> repo.heartbeat(id, owner, props.getTus().getLockTtl()),
                        e -> { }),
                d -> work,
                Disposable::dispose);
    }

    private String pipelineOf(Map<String, String> metadata) {
        String p = metadata.get("pipeline");
        return p == null || p.isBlank() ? props.getDefaultPipeline() : p.strip();
    }

    private Path spoolPath(String id) {
        return Path.of(props.getTus().getSpoolDir()).toAbsolutePath().resolve(id + ".tail");
    }

    static String partialKey(String tenant, String id) {
        // outside the asset layout of ObjectKeys: partial uploads are not assets (candidate for ObjectKeys.upload)
        return "_uploads/" + ObjectKeys.assetPrefix(tenant, id) + "partial";
    }

    private String owner() {
        return instance + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TusUpload withOffset(TusUpload u, long offset) {
        return new TusUpload(u.id(), u.tenant(), u.assetId(), u.objectKey(), u.length(), offset, u.metadata(),
                u.metadataRaw(), u.pipeline(), u.contentType(), u.concatType(), u.concatParts(), u.s3UploadId(),
                u.parts(), u.partsBytes(), offset - u.partsBytes() < 0 ? 0 : offset - u.partsBytes(), u.spoolPath(),
                u.sha256State(), u.sha256DurableState(), u.sha256(), u.state(), u.reason(), u.reasonCode(), u.jobId(),
                u.deduplicated(), u.traceparent(), u.lockOwner(), u.lockExpiresAt(), u.expiresAt(), u.createdAt());
    }

    private static TusUpload withProgress(TusUpload u, Long length, PartSink.Snapshot s) {
        return new TusUpload(u.id(), u.tenant(), u.assetId(), u.objectKey(), length, s.offset(), u.metadata(),
                u.metadataRaw(), u.pipeline(), u.contentType(), u.concatType(), u.concatParts(), s.uploadId(),
                s.parts(), s.partsBytes(), s.tailBytes(), u.spoolPath(), s.sha256State(), s.sha256DurableState(),
                u.sha256(), u.state(), u.reason(), u.reasonCode(), u.jobId(), u.deduplicated(), u.traceparent(),
                u.lockOwner(), u.lockExpiresAt(), u.expiresAt(), u.createdAt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // request body
        }
    }
}
