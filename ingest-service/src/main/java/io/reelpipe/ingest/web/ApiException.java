package io.reelpipe.ingest.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;

/**
 * A failure with a meaning for the client: mapped to an RFC 9457 problem by {@link ProblemHandler}. The message is
 * the reason a person reads; nothing else (no stack trace, no internal names) leaves the service.
 */
public abstract class ApiException extends RuntimeException {

    private final HttpStatusCode status;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final String code;
    private final String title;

    protected ApiException(HttpStatusCode status, String code, String title, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    protected ApiException(HttpStatusCode status, String code, String title, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** Extra members of the problem body (e.g. {@code limit}). */
    public Map<String, Object> properties() {
        return properties;
    }

    protected ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatusCode status() {
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
