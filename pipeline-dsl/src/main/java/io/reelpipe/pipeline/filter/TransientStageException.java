package io.reelpipe.pipeline.filter;

/** A failure worth retrying (storage or broker hiccup, resource exhaustion). Unknown exceptions count as transient. */
public class TransientStageException extends RuntimeException {
    public TransientStageException(String reason) {
        super(reason);
    }

    public TransientStageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
