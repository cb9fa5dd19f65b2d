package io.reelpipe.ocr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwoScalesTest {

    static TextLine line(String text, double conf, int x, int y, int w, int h) {
        TextLine.Box box = new TextLine.Box(x, y, w, h);
        return new TextLine(text, conf, "kor", box, List.of(new TextLine.Word(text, conf, box)));
    }

    @Test
    void theWholeWordBeatsItsFragmentAndLinesFromEitherPassAreKept() {
        List<TextLine> full = List.of(line("다", 96, 100, 100, 60, 70), line("스마트 냉장고", 95, 100, 300, 300, 40));
        List<TextLine> half = List.of(line("다온", 90, 98, 98, 130, 74), line("한빛", 88, 600, 100, 120, 70));
        assertThat(TwoScales.merge(full, half)).extracting(TextLine::text)
                .containsExactly("다온", "스마트 냉장고", "한빛");
    }

    @Test
    void withoutContainmentTheMoreConfidentReadingWins() {
        List<TextLine> full = List.of(line("Free shipping", 95, 100, 100, 300, 40));
        List<TextLine> half = List.of(line("Eree shippinq", 70, 102, 100, 298, 40));
        assertThat(TwoScales.merge(full, half)).extracting(TextLine::text).containsExactly("Free shipping");
    }
}
