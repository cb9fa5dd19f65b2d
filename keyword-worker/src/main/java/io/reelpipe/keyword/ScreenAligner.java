package io.reelpipe.keyword;

import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.candidates.Token;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** When a phrase is on screen: the ranges of the on-screen texts whose tokens contain it. */
final class ScreenAligner {

    private record Shown(List<String> tokens, List<OnScreenText.Range> ranges) {
    }

    private final List<Shown> shown = new ArrayList<>();

    ScreenAligner(OnScreenText screen, CandidateExtractor extractor) {
        if (screen == null) {
            return;
        }
        for (OnScreenText.Item item : screen.items()) {
            if (item.text() != null) {
                shown.add(new Shown(extractor.tokenize(item.text()).stream().map(Token::norm).toList(), item.ranges()));
            }
        }
    }

    List<TimeAligner.Range> ranges(List<String> phrase, int limit) {
        List<TimeAligner.Range> all = new ArrayList<>();
        for (Shown s : shown) {
            if (Collections.indexOfSubList(s.tokens(), phrase) >= 0) {
                for (OnScreenText.Range r : s.ranges()) {
                    all.add(new TimeAligner.Range(r.start(), r.end()));
                }
            }
        }
        all.sort(Comparator.comparingDouble(TimeAligner.Range::start));
        List<TimeAligner.Range> out = new ArrayList<>();
        for (TimeAligner.Range r : all) {
            if (!out.isEmpty() && r.start() <= out.getLast().end()) {
                TimeAligner.Range last = out.removeLast();
                out.add(new TimeAligner.Range(last.start(), Math.max(last.end(), r.end())));
            } else if (out.size() < limit) {
                out.add(r);
            }
        }
        return out;
    }
}
