package io.reelpipe.pipeline.security;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;

/**
 * 403: the key is valid but lacks the role (own tenant only; another tenant's resources answer 404 instead). A
 * {@link ResponseStatusException}, so Spring's problem-details support renders it as {@code application/problem+json}.
 */
public class AccessDeniedException extends ResponseStatusException {

    public AccessDeniedException(String detail) {
        super(HttpStatus.FORBIDDEN, detail);
        ProblemDetail pd = getBody();
        pd.setType(URI.create(Problems.TYPE_BASE + "forbidden"));
        pd.setDetail(detail);
        pd.setProperty("code", "forbidden");
        pd.setProperty("reason", detail);
    }
}
