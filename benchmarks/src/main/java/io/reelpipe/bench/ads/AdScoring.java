package io.reelpipe.bench.ads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The figures of the ad evaluation: keyword hits against the gold words, WER, OCR accuracy. */
final class AdScoring {

    private AdScoring() {
    }

    static List<String> words(String s) {
        return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isBlank()).toList();
    }

    /** Whether a keyword word stands for a gold or ground word: equal, or a Korean word with a particle attached. */
    static boolean same(String word, String gold) {
        return word.equals(gold) || (hangul(gold) && word.startsWith(gold) && word.length() - gold.length() <= 2);
    }

    private static boolean hangul(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL);
    }

    private static boolean contains(String keyword, String gold) {
        return words(keyword).stream().anyMatch(w -> same(w, gold));
    }

    /** Gold words found in the top {@code k} keywords. */
    static int found(List<String> keywords, List<String> gold, int k) {
        List<String> top = keywords.subList(0, Math.min(k, keywords.size()));
        return (int) gold.stream().filter(g -> top.stream().anyMatch(kw -> contains(kw, g))).count();
    }

    /** Share of the top {@code k} keywords that hold a gold word (0 with no keywords). */
    static double precision(List<String> keywords, List<String> gold, int k) {
        List<String> top = keywords.subList(0, Math.min(k, keywords.size()));
        if (top.isEmpty()) {
            return 0;
        }
        return top.stream().filter(kw -> gold.stream().anyMatch(g -> contains(kw, g))).count() / (double) top.size();
    }

    /** Whether every word of each of the top 3 keywords was said, shown or given. */
    static boolean groundedTop3(List<String> keywords, List<String> ground) {
        for (String kw : keywords.subList(0, Math.min(3, keywords.size()))) {
            for (String w : words(kw)) {
                if (ground.stream().noneMatch(g -> same(w, g) || same(g, w))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Word error rate: (substitutions + deletions + insertions) / reference words. */
    static double wer(List<String> ref, List<String> hyp) {
        return ref.isEmpty() ? (hyp.isEmpty() ? 0 : 1) : distance(ref, hyp) / (double) ref.size();
    }

    /** Hypothesis words that line up with an equal reference word in the best alignment. */
    static int correct(List<String> ref, List<String> hyp) {
        int[][] lcs = new int[ref.size() + 1][hyp.size() + 1];
        for (int i = 1; i <= ref.size(); i++) {
            for (int j = 1; j <= hyp.size(); j++) {
                lcs[i][j] = ref.get(i - 1).equals(hyp.get(j - 1)) ? lcs[i - 1][j - 1] + 1
                        : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
            }
        }
        return lcs[ref.size()][hyp.size()];
    }

    static <T> int distance(List<T> a, List<T> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    static List<String> chars(String s) {
        List<String> out = new ArrayList<>();
        s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    /** OCR of one card: the closest item's character accuracy (1 − CER, floor 0) and share of the card's words read exactly. */
    record CardScore(double charAccuracy, double wordAccuracy) {
    }

    static CardScore card(String card, List<String> items) {
        String ref = String.join(" ", words(card));
        double bestChar = 0;
        double bestWord = 0;
        for (String item : items) {
            String hyp = String.join(" ", words(item));
            double ca = Math.max(0, 1 - distance(chars(ref), chars(hyp)) / (double) Math.max(1, ref.length()));
            if (ca > bestChar) {
                bestChar = ca;
                List<String> hw = words(item);
                bestWord = words(card).stream().filter(hw::contains).count() / (double) Math.max(1, words(card).size());
            }
        }
        return new CardScore(bestChar, bestWord);
    }

    /** OCR items that resemble no card (character accuracy against every card under 0.5). */
    static int spurious(List<String> cards, List<String> items) {
        int n = 0;
        for (String item : items) {
            if (cards.stream().allMatch(c -> card(item, List.of(c)).charAccuracy() < 0.5)) {
                n++;
            }
        }
        return n;
    }
}
