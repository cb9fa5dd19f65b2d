package io.reelpipe.bench;

/**
 * One figure of a report. {@code ratio} is oriented so that {@code > 1} means Reelpipe is better:
 * reelpipe/baseline when higher is better, baseline/reelpipe when lower is better; null without a baseline.
 *
 * @param figure         what is measured, e.g. "hop latency p50"
 * @param reelpipe       Reelpipe's value
 * @param baseline       the baseline's value in the same run (null: informational row)
 * @param unit           unit of both values
 * @param ratio          see above
 * @param higherIsBetter whether a larger value is better
 * @param note           optional remark (target, how it was computed)
 */
public record Row(String figure, Double reelpipe, Double baseline, String unit, Double ratio, boolean higherIsBetter,
                  String note) {

    public static Row higherBetter(String figure, double reelpipe, double baseline, String unit) {
        return new Row(figure, reelpipe, baseline, unit, ratio(reelpipe, baseline, true), true, null);
    }

    public static Row lowerBetter(String figure, double reelpipe, double baseline, String unit) {
        return new Row(figure, reelpipe, baseline, unit, ratio(reelpipe, baseline, false), false, null);
    }

    /** A figure without a baseline (e.g. an overhead already computed from two measured values). */
    public static Row info(String figure, double reelpipe, String unit, boolean higherIsBetter) {
        return new Row(figure, reelpipe, null, unit, null, higherIsBetter, null);
    }

    public Row withNote(String text) {
        return new Row(figure, reelpipe, baseline, unit, ratio, higherIsBetter, text);
    }

    static Double ratio(double reelpipe, double baseline, boolean higherIsBetter) {
        double r = higherIsBetter ? reelpipe / baseline : baseline / reelpipe;
        return Double.isFinite(r) ? r : null;
    }
}
