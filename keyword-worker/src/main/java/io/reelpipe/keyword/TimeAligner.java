package io.reelpipe.keyword;

import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.candidates.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a phrase is said: matches a phrase's normalised tokens against the transcript's timed words (normalised the
 * same way), or, when the transcript has no word times, against its cues (the cue's range then).
 */
final class TimeAligner {

    /** A time range in seconds. */
    record Range(double start, double end) {
    }

    private record TimedToken(String norm, double start, double end) {
    }

    private final List<TimedToken> words = new ArrayList<>();
    private final List<List<String>> cueTokens = new ArrayList<>();
    private final List<Transcript.Cue> cues;

    TimeAligner(Transcript transcript, CandidateExtractor extractor) {
        if (transcript == null) {
            cues = List.of();
            return;
        }
        for (Transcript.Word w : transcript.words()) {
            if (w.word() == null) {
                continue;
            }
            for (Token t : extractor.tokenize(w.word())) {
                words.add(new TimedToken(t.norm(), w.start(), w.end()));
            }
        }
        cues = words.isEmpty() ? transcript.cues() : List.of();
        for (Transcript.Cue c : cues) {
            cueTokens.add(c.text() == null ? List.of() : extractor.tokenize(c.text()).stream().map(Token::norm).toList());
        }
    }

    boolean timed() {
        return !words.isEmpty() || !cues.isEmpty();
    }

    List<Range> ranges(List<String> phrase, int limit) {
        List<Range> out = new ArrayList<>();
        int n = phrase.size();
        if (!words.isEmpty()) {
            for (int i = 0; i + n <= words.size() && out.size() < limit; i++) {
                if (matches(phrase, i)) {
                    add(out, new Range(words.get(i).start(), words.get(i + n - 1).end()));
                }
            }
            return out;
        }
        for (int c = 0; c < cues.size() && out.size() < limit; c++) {
            if (java.util.Collections.indexOfSubList(cueTokens.get(c), phrase) >= 0) {
                add(out, new Range(cues.get(c).start(), cues.get(c).end()));
            }
        }
        return out;
    }

    private boolean matches(List<String> phrase, int at) {
        for (int k = 0; k < phrase.size(); k++) {
            if (!words.get(at + k).norm().equals(phrase.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<Range> out, Range r) {
        if (!out.isEmpty()) {
            Range last = out.get(out.size() - 1);
            if (r.start() <= last.end()) {
                out.set(out.size() - 1, new Range(last.start(), Math.max(last.end(), r.end())));
                return;
            }
        }
        out.add(r);
    }
}
