package io.reelpipe.gateway.web;

import org.springframework.http.HttpStatus;

/** A failure with a meaning for the client, rendered as {@code application/problem+json} by {@link ProblemAdvice}. */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public GatewayException(HttpStatus status, String code, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static GatewayException notFound(String reason) {
        return new GatewayException(HttpStatus.NOT_FOUND, "not-found", reason);
    }

    public static GatewayException badRequest(String reason) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "bad-request", reason);
    }
}
