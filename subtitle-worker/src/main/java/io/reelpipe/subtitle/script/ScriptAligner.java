package io.reelpipe.subtitle.script;

import io.reelpipe.subtitle.audio.SpeechSegment;
import io.reelpipe.subtitle.audio.VoiceActivity;
import io.reelpipe.subtitle.captions.TimedWord;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a known script against the audio.
 *
 * <ol>
 * <li><b>Sentences → speech segments</b> (voice activity): each sentence gets a contiguous run of speech segments,
 * chosen by dynamic programming so each run's share of the speech time matches the sentence's share of the script
 * (letters as a proxy for speaking time), preferring long pauses as sentence boundaries. With fewer segments than
 * sentences, the longest segments are first split at their quietest point. This is what makes sentence onsets
 * reliable (±10 ms frames on clean speech) whatever a recogniser makes of the voice.</li>
 * <li><b>Words inside a sentence</b>: words a forced aligner placed (Sphinx4 {@code SpeechAligner}, when given) are
 * anchors if they fall inside their sentence's span and keep the order; the other words are interpolated between
 * their placed neighbours by length, over speech time (pauses inside a sentence are skipped).</li>
 * </ol>
 * Every script word comes out exactly once, in order, with non-decreasing times.
 */
public final class ScriptAligner {

    private static final double ANCHOR_SLACK = 0.25;
    private static final int MAX_RUN = 64;

    /**
     * @param words        the timed script words
     * @param anchored     words whose times came from the forced aligner
     * @param sentences    script sentences
     * @param segments     speech segments used (after splitting)
     * @param sentenceSpans start/end seconds of each sentence
     */
    public record Result(List<TimedWord> words, int anchored, int sentences, int segments,
            List<SpeechSegment> sentenceSpans) {
    }

    public Result align(ScriptText script, VoiceActivity vad, List<AnchorWord> anchors) {
        List<List<String>> sentences = script.sentences();
        int n = sentences.size();
        if (n == 0) {
            return new Result(List.of(), 0, 0, 0, List.of());
        }
        List<SpeechSegment> segs = new ArrayList<>(vad.segments());
        if (segs.isEmpty()) {
            // nothing above the threshold: spread the script over the whole recording
            segs.add(new SpeechSegment(0, Math.max(vad.durationSeconds(), 0.001)));
        }
        splitUntil(segs, n, vad);
        List<List<SpeechSegment>> runs = segs.size() >= n ? assign(sentences, segs) : proportional(sentences, segs);

        List<TimedWord> out = new ArrayList<>();
        List<SpeechSegment> spans = new ArrayList<>();
        int anchoredCount = 0;
        int globalIndex = 0;
        List<Integer> anchorIndex = matchAnchors(script.words(), anchors);
        for (int i = 0; i < n; i++) {
            List<String> words = sentences.get(i);
            List<SpeechSegment> run = runs.get(i);
            double spanStart = run.getFirst().start();
            double spanEnd = run.getLast().end();
            spans.add(new SpeechSegment(spanStart, spanEnd));
            int m = words.size();
            // knots: boundary k (before word k) at time t; boundary 0 and m are the sentence's span
            double[] knotTime = new double[m + 1];
            boolean[] fixed = new boolean[m + 1];
            knotTime[0] = spanStart;
            fixed[0] = true;
            knotTime[m] = spanEnd;
            fixed[m] = true;
            double last = spanStart;
            for (int k = 0; k < m; k++) {
                Integer a = anchorIndex.get(globalIndex + k);
                if (a == null) {
                    continue;
                }
                AnchorWord w = anchors.get(a);
                if (w.start() < spanStart - ANCHOR_SLACK || w.end() > spanEnd + ANCHOR_SLACK || w.start() < last) {
                    continue;
                }
                double s = clamp(w.start(), spanStart, spanEnd);
                double e = clamp(Math.max(w.end(), s), s, spanEnd);
                if (k > 0 && !fixed[k]) {
                    knotTime[k] = s;
                    fixed[k] = true;
                }
                if (k + 1 < m) {
                    knotTime[k + 1] = e;
                    fixed[k + 1] = true;
                }
                last = e;
                anchoredCount++;
            }
            interpolate(words, knotTime, fixed, run);
            for (int k = 0; k < m; k++) {
                double s = knotTime[k];
                double e = Math.max(s, knotTime[k + 1]);
                out.add(new TimedWord(words.get(k), s, e, 1.0, k == m - 1));
            }
            globalIndex += m;
        }
        return new Result(out, anchoredCount, n, segs.size(), spans);
    }

    /** Fills the boundaries between fixed knots by word length over speech time. */
    private static void interpolate(List<String> words, double[] t, boolean[] fixed, List<SpeechSegment> run) {
        int k0 = 0;
        for (int k1 = 1; k1 < t.length; k1++) {
            if (!fixed[k1]) {
                continue;
            }
            if (k1 - k0 > 1) {
                double from = t[k0];
                double to = Math.max(from, t[k1]);
                List<double[]> pieces = clip(run, from, to);
                double speech = pieces.stream().mapToDouble(p -> p[1] - p[0]).sum();
                boolean overSpeech = speech > 0.2 * (to - from) && speech > 0;
                double total = 0;
                for (int k = k0; k < k1; k++) {
                    total += ScriptText.weight(words.get(k));
                }
                double acc = 0;
                for (int k = k0 + 1; k < k1; k++) {
                    acc += ScriptText.weight(words.get(k - 1));
                    double frac = acc / total;
                    t[k] = overSpeech ? along(pieces, frac * speech) : from + frac * (to - from);
                }
            }
            k0 = k1;
        }
    }

    /** Speech pieces of the run inside {@code [from, to]}. */
    private static List<double[]> clip(List<SpeechSegment> run, double from, double to) {
        List<double[]> out = new ArrayList<>();
        for (SpeechSegment s : run) {
            double a = Math.max(s.start(), from);
            double b = Math.min(s.end(), to);
            if (b > a) {
                out.add(new double[] {a, b});
            }
        }
        return out;
    }

    /** The time after {@code x} seconds of speech along the pieces (a word starting at a piece's end goes to the next). */
    private static double along(List<double[]> pieces, double x) {
        double rest = x;
        for (int i = 0; i < pieces.size(); i++) {
            double[] p = pieces.get(i);
            double len = p[1] - p[0];
            if (rest < len - 1e-9 || i == pieces.size() - 1) {
                return Math.min(p[1], p[0] + rest);
            }
            rest -= len;
        }
        return pieces.getLast()[1];
    }

    /** Splits the longest segments at their quietest point until there are {@code n} (or none is long enough). */
    private static void splitUntil(List<SpeechSegment> segs, int n, VoiceActivity vad) {
        while (segs.size() < n) {
            int longest = 0;
            for (int i = 1; i < segs.size(); i++) {
                if (segs.get(i).duration() > segs.get(longest).duration()) {
                    longest = i;
                }
            }
            SpeechSegment s = segs.get(longest);
            if (s.duration() < 0.4) {
                return;
            }
            double cut = vad.energyDb().length == 0 ? (s.start() + s.end()) / 2
                    : vad.quietestBetween(s.start() + 0.2 * s.duration(), s.end() - 0.2 * s.duration());
            segs.set(longest, new SpeechSegment(s.start(), cut));
            segs.add(longest + 1, new SpeechSegment(cut, s.end()));
        }
    }

    /** Dynamic programming: contiguous segment runs per sentence, durations matching the sentences' weights. */
    private static List<List<SpeechSegment>> assign(List<List<String>> sentences, List<SpeechSegment> segs) {
        int n = sentences.size();
        int m = segs.size();
        double[] w = new double[n];
        double wTotal = 0;
        for (int i = 0; i < n; i++) {
            for (String word : sentences.get(i)) {
                w[i] += ScriptText.weight(word);
            }
            wTotal += w[i];
        }
        double[] prefix = new double[m + 1];
        for (int j = 0; j < m; j++) {
            prefix[j + 1] = prefix[j] + segs.get(j).duration();
        }
        double speech = prefix[m];
        double maxGap = 1e-9;
        for (int j = 1; j < m; j++) {
            maxGap = Math.max(maxGap, segs.get(j).start() - segs.get(j - 1).end());
        }
        int maxRun = Math.min(MAX_RUN, m - n + 1);
        double[][] dp = new double[n + 1][m + 1];
        int[][] from = new int[n + 1][m + 1];
        for (double[] row : dp) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        dp[0][0] = 0;
        for (int i = 1; i <= n; i++) {
            double expected = w[i - 1] / wTotal;
            for (int j = i; j <= m - (n - i); j++) {
                for (int k = Math.max(i - 1, j - maxRun); k < j; k++) {
                    if (dp[i - 1][k] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    double share = (prefix[j] - prefix[k]) / speech;
                    double cost = (share - expected) * (share - expected) / expected;
                    if (k > 0) {
                        double gap = segs.get(k).start() - segs.get(k - 1).end();
                        cost -= 0.05 * gap / maxGap;
                    }
                    double c = dp[i - 1][k] + cost;
                    if (c < dp[i][j]) {
                        dp[i][j] = c;
                        from[i][j] = k;
                    }
                }
            }
        }
        List<List<SpeechSegment>> runs = new ArrayList<>();
        int j = m;
        for (int i = n; i >= 1; i--) {
            int k = from[i][j];
            runs.addFirst(new ArrayList<>(segs.subList(k, j)));
            j = k;
        }
        return runs;
    }

    /** Fewer segments than sentences even after splitting: sentences share speech time by weight. */
    private static List<List<SpeechSegment>> proportional(List<List<String>> sentences, List<SpeechSegment> segs) {
        double total = 0;
        double[] w = new double[sentences.size()];
        for (int i = 0; i < w.length; i++) {
            for (String word : sentences.get(i)) {
                w[i] += ScriptText.weight(word);
            }
            total += w[i];
        }
        List<double[]> pieces = new ArrayList<>();
        double speech = 0;
        for (SpeechSegment s : segs) {
            pieces.add(new double[] {s.start(), s.end()});
            speech += s.duration();
        }
        List<List<SpeechSegment>> runs = new ArrayList<>();
        double acc = 0;
        for (double wi : w) {
            double a = along(pieces, acc / total * speech);
            acc += wi;
            double b = along(pieces, acc / total * speech);
            List<SpeechSegment> run = new ArrayList<>();
            for (double[] p : pieces) {
                double s = Math.max(p[0], a);
                double e = Math.min(p[1], b);
                if (e > s) {
                    run.add(new SpeechSegment(s, e));
                }
            }
            if (run.isEmpty()) {
                run.add(new SpeechSegment(a, Math.max(b, a + 0.001)));
            }
            runs.add(run);
        }
        return runs;
    }

    /** For each script word, the index of the anchor placed for it (null when none), matched in order. */
    static List<Integer> matchAnchors(List<String> scriptWords, List<AnchorWord> anchors) {
        List<Integer> out = new ArrayList<>(java.util.Collections.nCopies(scriptWords.size(), null));
        int p = 0;
        for (int a = 0; a < anchors.size() && p < scriptWords.size(); a++) {
            String word = anchors.get(a).word();
            for (int q = p; q < Math.min(scriptWords.size(), p + 8); q++) {
                if (ScriptText.normalize(scriptWords.get(q)).equals(word)) {
                    out.set(q, a);
                    p = q + 1;
                    break;
                }
            }
        }
        return out;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
