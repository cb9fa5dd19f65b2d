package io.reelpipe.pipeline.filter;

/** Raised at a cancellation check: the stage stops and its scratch space is removed. */
public class StageCancelledException extends RuntimeException {
    public StageCancelledException(String jobId, String stage) {
        super("stage " + stage + " of job " + jobId + " was cancelled");
    }
}
