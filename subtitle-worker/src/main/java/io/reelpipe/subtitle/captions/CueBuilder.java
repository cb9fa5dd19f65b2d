package io.reelpipe.subtitle.captions;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns timed words into caption cues that follow the usual guidelines: at most {@link CueStyle#maxLineChars()}
 * characters per line and {@link CueStyle#maxLines()} lines, {@code minCueSeconds}..{@code maxCueSeconds} on screen,
 * a new cue after every sentence end and every pause, long cues broken after a clause (comma, semicolon…) where
 * one is near, and never two cues on screen at once.
 *
 * <p>Every word given appears exactly once, in order. Times are computed in whole milliseconds so what the writers
 * print is exactly what was checked: starts are non-decreasing, each cue ends after it starts and no later than
 * the next one starts.
 */
public final class CueBuilder {

    private final CueStyle style;

    public CueBuilder(CueStyle style) {
        this.style = style;
    }

    /**
     * @param words         words in spoken order
     * @param mediaDuration seconds, or 0 when unknown: the last cue does not run past it
     */
    public List<Cue> build(List<TimedWord> words, double mediaDuration) {
        List<List<TimedWord>> groups = group(sanitize(words));
        int n = groups.size();
        long[] rawStart = new long[n];
        long[] rawEnd = new long[n];
        for (int i = 0; i < n; i++) {
            rawStart[i] = ms(groups.get(i).getFirst().start());
            rawEnd[i] = ms(groups.get(i).getLast().end());
        }
        long minMs = ms(style.minCueSeconds());
        long maxMs = ms(style.maxCueSeconds());
        long mediaEnd = mediaDuration > 0 ? ms(mediaDuration) : Long.MAX_VALUE;
        List<Cue> cues = new ArrayList<>(n);
        long prevEnd = 0;
        for (int i = 0; i < n; i++) {
            long s = Math.max(rawStart[i], prevEnd);
            long e = Math.max(rawEnd[i], s + 1);
            if (e - s < minMs) {
                e = s + minMs;
            }
            if (i + 1 < n) {
                e = Math.min(e, Math.max(rawStart[i + 1], s + 1));
            } else if (mediaEnd > s) {
                e = Math.min(e, Math.max(mediaEnd, rawEnd[i]));
            }
            e = Math.min(e, s + maxMs);
            e = Math.max(e, s + 1);
            cues.add(new Cue(s / 1000.0, e / 1000.0, layoutForced(texts(groups.get(i)))));
            prevEnd = e;
        }
        return cues;
    }

    /** Non-decreasing starts, ends not before starts. */
    private static List<TimedWord> sanitize(List<TimedWord> words) {
        List<TimedWord> out = new ArrayList<>(words.size());
        double prevStart = 0;
        for (TimedWord w : words) {
            double s = Math.max(w.start(), prevStart);
            double e = Math.max(w.end(), s);
            out.add(s == w.start() && e == w.end() ? w
                    : new TimedWord(w.text(), s, e, w.confidence(), w.sentenceEnd()));
            prevStart = s;
        }
        return out;
    }

    private List<List<TimedWord>> group(List<TimedWord> words) {
        List<List<TimedWord>> groups = new ArrayList<>();
        List<TimedWord> cur = new ArrayList<>();
        for (TimedWord w : words) {
            if (!cur.isEmpty()) {
                TimedWord prev = cur.getLast();
                boolean hardBreak = prev.sentenceEnd() || w.start() - prev.end() >= style.pauseSeconds();
                if (hardBreak) {
                    groups.add(cur);
                    cur = new ArrayList<>();
                } else if (!accepts(cur, w)) {
                    int cut = clauseCut(cur);
                    if (cut >= 0) {
                        groups.add(new ArrayList<>(cur.subList(0, cut + 1)));
                        cur = new ArrayList<>(cur.subList(cut + 1, cur.size()));
                        if (!accepts(cur, w)) {
                            groups.add(cur);
                            cur = new ArrayList<>();
                        }
                    } else {
                        groups.add(cur);
                        cur = new ArrayList<>();
                    }
                }
            }
            cur.add(w);
        }
        if (!cur.isEmpty()) {
            groups.add(cur);
        }
        return groups;
    }

    /** True when {@code w} can join the cue: the text still fits the lines and the cue stays short enough. */
    private boolean accepts(List<TimedWord> cur, TimedWord w) {
        if (w.end() - cur.getFirst().start() > style.maxCueSeconds()) {
            return false;
        }
        List<String> t = texts(cur);
        t.add(w.text());
        return layout(t) != null;
    }

    /**
     * The last word of the second half of a full cue that ends a clause: breaking after it keeps phrases together
     * and leaves a reasonably full cue. -1 when there is none.
     */
    private static int clauseCut(List<TimedWord> cur) {
        for (int j = cur.size() - 2; j >= (cur.size() - 1) / 2; j--) {
            if (TimedWord.endsClause(cur.get(j).text())) {
                return j;
            }
        }
        return -1;
    }

    private static List<String> texts(List<TimedWord> words) {
        List<String> out = new ArrayList<>(words.size());
        for (TimedWord w : words) {
            out.add(w.text());
        }
        return out;
    }

    /**
     * Breaks tokens into at most {@code maxLines} lines of at most {@code maxLineChars}, balanced and preferring a
     * break after punctuation; null when they do not fit.
     */
    List<String> layout(List<String> tokens) {
        int max = style.maxLineChars();
        String all = String.join(" ", tokens);
        if (all.length() <= max) {
            return List.of(all);
        }
        if (style.maxLines() < 2) {
            return null;
        }
        for (String t : tokens) {
            if (t.length() > max) {
                return null;
            }
        }
        List<String> best = null;
        double bestScore = Double.MAX_VALUE;
        for (int k = 1; k < tokens.size(); k++) {
            String l1 = String.join(" ", tokens.subList(0, k));
            String l2 = String.join(" ", tokens.subList(k, tokens.size()));
            if (l1.length() > max || l2.length() > max) {
                continue;
            }
            double score = Math.max(l1.length(), l2.length()) - (TimedWord.endsClause(tokens.get(k - 1)) ? 6 : 0);
            if (score < bestScore) {
                bestScore = score;
                best = List.of(l1, l2);
            }
        }
        if (best != null) {
            return best;
        }
        if (style.maxLines() > 2) {
            List<String> lines = greedy(tokens, max);
            if (lines.size() <= style.maxLines()) {
                return lines;
            }
        }
        return null;
    }

    /** {@link #layout} or, for text that cannot fit (a single overlong token), greedy lines with hard splits. */
    List<String> layoutForced(List<String> tokens) {
        List<String> lines = layout(tokens);
        return lines != null ? lines : greedy(tokens, style.maxLineChars());
    }

    private static List<String> greedy(List<String> tokens, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String token : tokens) {
            String t = token;
            while (t.length() > max) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(t.substring(0, max));
                t = t.substring(max);
            }
            if (line.isEmpty()) {
                line.append(t);
            } else if (line.length() + 1 + t.length() <= max) {
                line.append(' ').append(t);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(t);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }
}
