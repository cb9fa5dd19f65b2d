package io.reelpipe.ingest.web;

import org.springframework.http.HttpStatus;

/** The typed failures of the ingest API. */
public final class ApiExceptions {

    private ApiExceptions() {
    }

    /** The upload is not a video we can process (not media, empty, truncated, no video track). */
    public static final class UnsupportedMedia extends ApiException {
        public UnsupportedMedia(String reason, Throwable cause) {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media", "Not a video we can process", reason, cause);
        }
    }

    /** The upload is larger than the tenant's {@code max-upload-size}; {@code limit} is the limit in bytes. */
    public static final class UploadTooLarge extends ApiException {
        public UploadTooLarge(long limitBytes) {
            super(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                    "the upload is larger than the limit of " + limitBytes + " bytes");
            with("limit", limitBytes);
        }
    }

    /** The video is longer than the tenant's {@code max-duration}; {@code limit} is the limit in seconds. */
    public static final class TooLong extends ApiException {
        public TooLong(java.time.Duration actual, java.time.Duration limit) {
            super(HttpStatus.CONTENT_TOO_LARGE, "duration-too-long", "Video too long",
                    "the video lasts " + seconds(actual) + " s, longer than the limit of " + seconds(limit) + " s");
            with("limit", limit.toMillis() / 1000.0);
            with("limitIso", limit.toString());
            with("actual", actual.toMillis() / 1000.0);
        }

        private static String seconds(java.time.Duration d) {
            return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
        }
    }

    /** Another request holds the upload (tus: a PATCH is already running on it). */
    public static final class Locked extends ApiException {
        public Locked(String reason) {
            super(HttpStatus.LOCKED, "upload-locked", "Upload busy", reason);
        }
    }

    /** The request does not fit the resource's current state (tus: wrong Upload-Offset, final upload PATCHed). */
    public static final class Conflict extends ApiException {
        public Conflict(String code, String reason) {
            super(HttpStatus.CONFLICT, code, "Conflict", reason);
        }
    }

    /** A tus request that breaks the protocol in a way with its own status (403, 412, 415, 460). */
    public static final class Protocol extends ApiException {
        public Protocol(int status, String code, String reason) {
            super(org.springframework.http.HttpStatusCode.valueOf(status), code, "tus protocol", reason);
        }
    }

    /** The checksum of a PATCH body did not match (tus checksum extension, status 460). */
    public static final class ChecksumMismatch extends ApiException {
        public ChecksumMismatch(String algorithm) {
            super(org.springframework.http.HttpStatusCode.valueOf(460), "checksum-mismatch", "Checksum mismatch",
                    "the " + algorithm + " checksum of the request body does not match Upload-Checksum; the body was "
                            + "discarded and the offset is unchanged");
        }
    }

    /** The upload expired or was finished/removed and is no longer accepting bytes. */
    public static final class Gone extends ApiException {
        public Gone(String reason) {
            super(HttpStatus.GONE, "gone", "Gone", reason);
        }
    }

    /** A request parameter or header is unusable. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String reason) {
            super(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", reason);
        }
    }

    /** The named pipeline does not exist. */
    public static final class UnknownPipeline extends ApiException {
        public UnknownPipeline(String name) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-pipeline", "Unknown pipeline",
                    "there is no pipeline named '" + name + "'");
        }
    }

    /** A job, asset or other resource that does not exist (or belongs to another tenant). */
    public static final class NotFound extends ApiException {
        public NotFound(String what, String id) {
            super(HttpStatus.NOT_FOUND, "not-found", "Not found", "no " + what + " with id '" + id + "'");
        }
    }

    /** A dependency (storage, probe) did not answer in time or failed; the client may retry. */
    public static final class Unavailable extends ApiException {
        public Unavailable(String reason, Throwable cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", reason, cause);
        }
    }
}
