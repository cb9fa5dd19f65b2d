package io.reelpipe.catalog.search;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** problem+json answers for the catalog's controllers. */
public final class SearchControllerProblems {

    private SearchControllerProblems() {
    }

    public static ResponseEntity<Object> of(HttpStatus status, String code, String detail) {
        return SearchController.problem(status, code, detail);
    }
}
