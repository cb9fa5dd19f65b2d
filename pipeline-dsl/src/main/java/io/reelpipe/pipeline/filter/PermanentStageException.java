package io.reelpipe.pipeline.filter;

/**
 * A failure that another attempt cannot fix (bad input, unsupported media, invalid parameters): the stage fails
 * at once with {@link #getMessage()} as the reason a person reads.
 */
public class PermanentStageException extends RuntimeException {
    public PermanentStageException(String reason) {
        super(reason);
    }

    public PermanentStageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
