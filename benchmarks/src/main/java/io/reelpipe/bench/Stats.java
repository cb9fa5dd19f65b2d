package io.reelpipe.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of samples (nearest-rank on a sorted copy). */
public final class Stats {

    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    public static Stats of(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return new Stats(s);
    }

    public static Stats of(Collection<? extends Number> samples) {
        return of(samples.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** Nearest-rank percentile, p in [0, 100]. */
    public double p(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double median() { return p(50); }
    public double min() { return sorted.length == 0 ? Double.NaN : sorted[0]; }
    public double max() { return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]; }
    public int count() { return sorted.length; }

    public double mean() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
    }
}
