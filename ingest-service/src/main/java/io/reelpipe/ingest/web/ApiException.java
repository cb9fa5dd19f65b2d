package io.reelpipe.ingest.web;

import org.springframework.http.HttpStatus;

/**
 * A failure with a meaning for the client: mapped to an RFC 9457 problem by {@link ProblemHandler}. The message is
 * the reason a person reads; nothing else (no stack trace, no internal names) leaves the service.
 */
public abstract class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;

    protected ApiException(HttpStatus status, String code, String title, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    protected ApiException(HttpStatus status, String code, String title, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    /** A stable machine-readable code, also the last segment of the problem {@code type}. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The human reason. */
    public String reason() {
        return getMessage();
    }
}
