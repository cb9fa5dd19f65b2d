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

    /** The upload is larger than {@code reelpipe.ingest.max-upload-size}. */
    public static final class UploadTooLarge extends ApiException {
        public UploadTooLarge(String reason) {
            super(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large", reason);
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
