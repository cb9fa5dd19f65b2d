package io.reelpipe.thumbnail;

import java.util.function.DoubleConsumer;

/**
 * Splits a stage's 0..1 progress across weighted steps; reports never go down.
 *
 * <pre>{@code
 * Progress p = new Progress(ctx::progress, 1, 3, 1);   // three steps
 * DoubleConsumer poster = p.step(0);                     // 0..1 of step 0 -> 0..0.2 overall
 * }</pre>
 */
final class Progress {

    private final DoubleConsumer sink;
    private final double[] offsets;
    private final double[] weights;
    private double reported;

    Progress(DoubleConsumer sink, double... weights) {
        this.sink = sink;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        this.offsets = new double[weights.length];
        this.weights = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            this.offsets[i] = acc / total;
            this.weights[i] = weights[i] / total;
            acc += weights[i];
        }
    }

    DoubleConsumer step(int i) {
        return f -> report(offsets[i] + weights[i] * Math.max(0, Math.min(1, f)));
    }

    synchronized void report(double fraction) {
        double f = Math.min(1, fraction);
        if (f > reported) {
            reported = f;
            sink.accept(f);
        }
    }
}
