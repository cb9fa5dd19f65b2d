package io.reelpipe.subtitle.support;

import io.reelpipe.subtitle.script.ScriptText;
import java.util.Arrays;
import java.util.List;

/** Word error rate: word-level Levenshtein distance over the reference length, on normalised words. */
public final class Wer {
    private Wer() {
    }

    public static double wer(String reference, String hypothesis) {
        List<String> r = words(reference);
        List<String> h = words(hypothesis);
        int[] prev = new int[h.size() + 1];
        int[] cur = new int[h.size() + 1];
        for (int j = 0; j <= h.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= r.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= h.size(); j++) {
                int sub = prev[j - 1] + (r.get(i - 1).equals(h.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return r.isEmpty() ? (h.isEmpty() ? 0 : 1) : prev[h.size()] / (double) r.size();
    }

    static List<String> words(String s) {
        return Arrays.stream(s.split("\\s+")).map(ScriptText::normalize).filter(w -> !w.isEmpty()).toList();
    }
}
