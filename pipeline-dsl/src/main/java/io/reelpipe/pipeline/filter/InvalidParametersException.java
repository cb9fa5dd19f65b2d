package io.reelpipe.pipeline.filter;

/** A stage's {@code with} block does not bind to its filter's parameter type: permanent, names the parameter. */
public class InvalidParametersException extends PermanentStageException {
    private final String parameter;

    public InvalidParametersException(String parameter, String reason, Throwable cause) {
        super(reason, cause);
        this.parameter = parameter;
    }

    /** The offending parameter's path, e.g. {@code sprite.every}; empty when the whole block is wrong. */
    public String parameter() {
        return parameter;
    }
}
