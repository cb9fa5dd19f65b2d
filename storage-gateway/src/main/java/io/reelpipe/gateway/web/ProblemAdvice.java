package io.reelpipe.gateway.web;

import io.reelpipe.pipeline.security.Problems;
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
 * RFC 9457 problems for every failure ({@code type, title, status, detail, instance, code, reason}); Spring's own
 * web exceptions (and {@link io.reelpipe.pipeline.security.AccessDeniedException}) through
 * {@link ResponseEntityExceptionHandler}; never a stack trace.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(GatewayException.class)
    public Mono<ResponseEntity<ProblemDetail>> gateway(GatewayException e, ServerWebExchange exchange) {
        log.debug("request refused status={} code={} path={}: {}", e.status().value(), e.code(),
                exchange.getRequest().getPath(), e.getMessage());
        return Mono.just(problem(e.status(), e.code(), e.getMessage(), exchange));
    }

    @ExceptionHandler(Exception.class)
    public Mono<ResponseEntity<ProblemDetail>> unexpected(Exception e, ServerWebExchange exchange) {
        log.error("unexpected failure path={}", exchange.getRequest().getPath(), e);
        return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "something went wrong on our side; please try again later", exchange));
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String reason,
                                                 ServerWebExchange exchange) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, reason);
        pd.setType(URI.create(Problems.TYPE_BASE + code));
        pd.setTitle(status.getReasonPhrase());
        pd.setInstance(URI.create(exchange.getRequest().getPath().value()));
        pd.setProperty("code", code);
        pd.setProperty("reason", reason);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
