package io.reelpipe.ingest.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Maps every failure to {@code application/problem+json} (RFC 9457, Spring's {@link ProblemDetail}): typed
 * {@link ApiException}s with their human reason, Spring's own web exceptions through
 * {@link ResponseEntityExceptionHandler}, and anything unexpected as a bare 500. Never a stack trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String TYPE_BASE = "https://reelpipe.io/problems/";

    @ExceptionHandler(ApiException.class)
    public Mono<ResponseEntity<ProblemDetail>> api(ApiException e, ServerWebExchange exchange) {
        if (e.status().is5xxServerError()) {
            log.warn("request failed status={} code={} path={}: {}", e.status().value(), e.code(),
                    exchange.getRequest().getPath(), e.getMessage(), e.getCause());
        } else {
            log.info("request refused status={} code={} path={}: {}", e.status().value(), e.code(),
                    exchange.getRequest().getPath(), e.getMessage());
        }
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(e.status(), e.reason());
        pd.setType(URI.create(TYPE_BASE + e.code()));
        pd.setTitle(e.title());
        pd.setInstance(URI.create(exchange.getRequest().getPath().value()));
        pd.setProperty("code", e.code());
        pd.setProperty("reason", e.reason());
        e.properties().forEach(pd::setProperty);
        ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (exchange.getRequest().getPath().value().startsWith("/v1/uploads")) {
            b.header("Tus-Resumable", "1.0.0");
            if (e.status().value() == 412) {
                b.header("Tus-Version", "1.0.0");
            }
        }
        return Mono.just(b.body(pd));
    }

    @ExceptionHandler(Exception.class)
    public Mono<ResponseEntity<ProblemDetail>> unexpected(Exception e, ServerWebExchange exchange) {
        log.error("unexpected failure path={}", exchange.getRequest().getPath(), e);
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "something went wrong on our side; please try again later");
        pd.setInstance(URI.create(exchange.getRequest().getPath().value()));
        pd.setProperty("code", "internal");
        return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, pd));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, ProblemDetail pd) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
