package io.reelpipe.ocr.track;

/** {@code 1 − levenshtein(a, b) / max(|a|, |b|)} over code points. */
final class Similarity {

    private Similarity() {
    }

    static double of(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int n = Math.max(x.length, y.length);
        if (n == 0) {
            return 1.0;
        }
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 1.0 - (double) prev[y.length] / n;
    }
}
