package io.reelpipe.media;

/** An exact ratio such as a sample aspect ratio (16:15) or a frame rate (30000/1001). */
public record Rational(int num, int den) {

    public static final Rational ONE = new Rational(1, 1);

    public static Rational of(int num, int den) {
        if (den == 0) {
            return new Rational(num, 0);
        }
        int g = gcd(Math.abs(num), Math.abs(den));
        if (g == 0) {
            return new Rational(0, 1);
        }
        int sign = den < 0 ? -1 : 1;
        return new Rational(sign * num / g, sign * den / g);
    }

    /** Reduces {@code num/den} given as longs (products of width and SAR can overflow an int). */
    static Rational reduce(long num, long den) {
        long g = gcd(Math.abs(num), Math.abs(den));
        if (g == 0) {
            return new Rational(0, 1);
        }
        return new Rational((int) (num / g), (int) (den / g));
    }

    public boolean isValid() {
        return num > 0 && den > 0;
    }

    public double toDouble() {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    @Override
    public String toString() {
        return num + ":" + den;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
