package io.reelpipe.ingest.tus;

import io.reelpipe.ingest.hash.ResumableSha256;
import io.reelpipe.ingest.hash.Sha256State;
import io.reelpipe.ingest.storage.S3Multipart;
import io.reelpipe.ingest.storage.S3Multipart.PartInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Streams bytes into one S3 multipart upload in parts of at least {@code partSize} (S3 wants 5 MiB but for the last
 * part), hashing them on the way with a {@link Sha256State} whose state survives between requests.
 *
 * <p>Bytes go to a local spool file (the <em>tail</em>); once it holds a part's worth it is renamed to a segment
 * file and uploaded asynchronously (at most {@code maxInflight} at a time per sink, so receiving the next part
 * overlaps storing the previous one) while a new tail starts. Memory use is one 64 KiB buffer per sink, whatever
 * the size; disk use is at most {@code (maxInflight + 1) × partSize}. Not thread-safe; blocking.
 *
 * <p>Durability: bytes count as stored ({@link Snapshot#partsBytes()}) once their part is acknowledged by S3; the
 * tail only lives on local disk. If the tail is lost (other instance, wiped disk), the upload resumes from the last
 * part boundary, for which the SHA-256 state is kept separately ({@link Snapshot#sha256DurableState()}).
 */
final class PartSink {

    /** Thrown when more bytes arrive than allowed. */
    static final class TooManyBytes extends IOException {
        TooManyBytes(long allowed) {
            super("more than the " + allowed + " bytes allowed");
        }
    }

    /** The state to persist after a request. */
    record Snapshot(String uploadId, List<PartInfo> parts, long partsBytes, long tailBytes, byte[] sha256State,
                    byte[] sha256DurableState) {
        long offset() {
            return partsBytes + tailBytes;
        }
    }

    private record InFlight(CompletableFuture<PartInfo> future, Path file, long endOffset, byte[] shaAtEnd) {
    }

    private final S3Multipart s3;
    private final String key;
    private final String contentType;
    private final Map<String, String> userMetadata;
    private final long partSize;
    private final int maxInflight;
    private final Path tail;
    private final Consumer<String> onUploadCreated;

    private String uploadId;
    private final List<PartInfo> parts;
    private long partsBytes;
    private long tailBytes;
    private ResumableSha256 sha;
    private byte[] durableSha;
    private final Deque<InFlight> inflight = new ArrayDeque<>();
    private FileChannel channel;
    private MessageDigest segmentDigest;
    private RuntimeException failure;

    PartSink(S3Multipart s3, String key, String contentType, Map<String, String> userMetadata, long partSize,
             int maxInflight, Path tail, Consumer<String> onUploadCreated, String uploadId, List<PartInfo> parts,
             long partsBytes, long tailBytes, byte[] shaState, byte[] durableShaState) {
        this.s3 = s3;
        this.key = key;
        this.contentType = contentType;
        this.userMetadata = userMetadata;
        this.partSize = Math.max(S3Multipart.MIN_PART_SIZE, partSize);
        this.maxInflight = Math.max(1, maxInflight);
        this.tail = tail;
        this.onUploadCreated = onUploadCreated;
        this.uploadId = uploadId;
        this.parts = new ArrayList<>(parts);
        this.partsBytes = partsBytes;
        this.tailBytes = tailBytes;
        this.sha = ResumableSha256.restore(shaState);
        this.durableSha = durableShaState == null ? new Sha256State().export() : durableShaState;
    }

    /** A new, empty sink. */
    static PartSink fresh(S3Multipart s3, String key, String contentType, Map<String, String> userMetadata,
                          long partSize, int maxInflight, Path tail, Consumer<String> onUploadCreated) {
        return new PartSink(s3, key, contentType, userMetadata, partSize, maxInflight, tail, onUploadCreated, null,
                List.of(), 0, 0, null, null);
    }

    /**
     * Whether the spool file still holds the {@code tailBytes} the database says (false: the tail is lost and the
     * upload goes back to the last part boundary).
     */
    static boolean tailIntact(Path tail, long tailBytes) {
        if (tailBytes == 0) {
            return true;
        }
        try {
            return Files.exists(tail) && Files.size(tail) >= tailBytes;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Appends everything {@code in} yields (up to {@code allowed} bytes). On an I/O error of {@code in} (the client
     * went away) the bytes read so far stay appended and the error is rethrown: callers keep them.
     */
    void write(InputStream in, long allowed) throws IOException {
        openTail();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    continue;
                }
                if (total + n > allowed) {
                    throw new TooManyBytes(allowed);
                }
                total += n;
                sha.update(buf, 0, n);
                segmentDigest.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    channel.write(bb);
                }
                tailBytes += n;
                if (tailBytes >= partSize) {
                    rotate();
                }
            }
        } finally {
            closeTail();
        }
    }

    /** Waits for the part uploads in flight; on a failed one, goes back to the last stored part and rethrows. */
    Snapshot drain() {
        while (!inflight.isEmpty()) {
            awaitOldest();
        }
        if (failure != null) {
            RuntimeException f = failure;
            failure = null;
            throw f;
        }
        return snapshot();
    }

    Snapshot snapshot() {
        return new Snapshot(uploadId, List.copyOf(parts), partsBytes, tailBytes, sha.export(), durableSha);
    }

    long offset() {
        return partsBytes + tailBytes;
    }

    String sha256Hex() {
        return sha.hex();
    }

    /**
     * Stores the tail as the last part and completes the object (or a single-part upload when there is no multipart
     * upload yet). Returns the ETag, or null when nothing at all was written (an empty upload stores no object).
     */
    String complete() {
        drain();
        if (uploadId == null && tailBytes == 0) {
            return null;
        }
        try {
            if (tailBytes > 0) {
                String segSha = S3Multipart.sha256Hex(tail, tailBytes);
                ensureUpload();
                PartInfo last = S3Multipart.join(s3.uploadPartAsync(key, uploadId, parts.size() + 1, tail, tailBytes,
                        segSha));
                parts.add(last);
                partsBytes += tailBytes;
                tailBytes = 0;
                durableSha = sha.export();
            }
            String etag = s3.complete(key, uploadId, parts);
            Files.deleteIfExists(tail);
            return etag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Aborts the multipart upload and removes local files (termination, expiry). */
    static void discard(S3Multipart s3, String key, String uploadId, Path tail) {
        if (uploadId != null) {
            s3.abort(key, uploadId);
        }
        deleteSpool(tail);
    }

    static void deleteSpool(Path tail) {
        if (tail == null) {
            return;
        }
        try {
            Files.deleteIfExists(tail);
            Path dir = tail.getParent();
            String prefix = tail.getFileName().toString() + ".part-";
            if (dir != null && Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException ignored) {
            // best effort: the sweeper's next round or a new spool dir
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void openTail() throws IOException {
        Files.createDirectories(tail.getParent());
        channel = FileChannel.open(tail, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(tailBytes);
        channel.position(tailBytes);
        segmentDigest = sha256();
        if (tailBytes > 0) {
            // the part being built started in an earlier request: its signature hash needs those bytes too
            try (InputStream old = Files.newInputStream(tail)) {
                byte[] b = new byte[64 * 1024];
                long left = tailBytes;
                while (left > 0) {
                    int n = old.read(b, 0, (int) Math.min(b.length, left));
                    if (n < 0) {
                        throw new IOException("spool file " + tail + " is shorter than " + tailBytes + " bytes");
                    }
                    segmentDigest.update(b, 0, n);
                    left -= n;
                }
            }
        }
    }

    private void closeTail() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void rotate() throws IOException {
        closeTail();
        int number = parts.size() + inflight.size() + 1;
        Path segment = tail.resolveSibling(tail.getFileName() + ".part-" + number);
        Files.move(tail, segment, StandardCopyOption.REPLACE_EXISTING);
        long size = tailBytes;
        String segSha = HexFormat.of().formatHex(segmentDigest.digest());
        ensureUpload();
        CompletableFuture<PartInfo> f = s3.uploadPartAsync(key, uploadId, number, segment, size, segSha);
        inflight.addLast(new InFlight(f, segment, partsBytes + sumInflight() + size, sha.export()));
        tailBytes = 0;
        while (inflight.size() >= maxInflight) {
            awaitOldest();
        }
        if (failure != null) {
            throw failure;
        }
        channel = FileChannel.open(tail, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        segmentDigest = sha256();
    }

    private long sumInflight() {
        long started = partsBytes;
        for (InFlight i : inflight) {
            started = i.endOffset();
        }
        return started - partsBytes;
    }

    private void awaitOldest() {
        InFlight i = inflight.removeFirst();
        try {
            if (failure == null) {
                PartInfo p = S3Multipart.join(i.future());
                parts.add(p);
                partsBytes = i.endOffset();
                durableSha = i.shaAtEnd();
            } else {
                i.future().handle((r, e) -> null).join();
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                Files.deleteIfExists(i.file());
            } catch (IOException ignored) {
                // a leftover segment is removed with the upload
            }
        }
        if (failure != null && inflight.isEmpty()) {
            rollback();
        }
    }

    /** Back to the last stored part: what followed it (later segments, the tail) is gone. */
    private void rollback() {
        sha = ResumableSha256.restore(durableSha);
        tailBytes = 0;
        try {
            closeTail();
            Files.deleteIfExists(tail);
        } catch (IOException ignored) {
            // truncated on the next open
        }
    }

    private void ensureUpload() {
        if (uploadId == null) {
            uploadId = s3.create(key, contentType, userMetadata);
            onUploadCreated.accept(uploadId);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
