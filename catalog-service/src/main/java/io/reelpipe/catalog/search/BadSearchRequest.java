package io.reelpipe.catalog.search;

/** A search parameter that cannot be used: answered 400 problem+json naming the parameter and why. */
public class BadSearchRequest extends RuntimeException {

    private final String parameter;

    public BadSearchRequest(String parameter, String reason) {
        super(reason, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
