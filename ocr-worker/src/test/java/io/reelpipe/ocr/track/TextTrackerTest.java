package io.reelpipe.ocr.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.ocr.engine.TextLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTrackerTest {

    static TextLine line(String text, double conf, int x, int y) {
        TextLine.Box box = new TextLine.Box(x, y, 200, 40);
        return new TextLine(text, conf, "eng", box, List.of(new TextLine.Word(text, conf, box)));
    }

    @Test
    void oneCardOverSeveralFramesIsOneItemSpelledAsItsClearestReadings() {
        TextTracker t = new TextTracker(0.5, 2);
        t.accept(1.0, List.of(line("Aurora Bicycle", 95, 100, 100)));
        t.accept(1.5, List.of(line("Aurora Bicyde", 60, 102, 101)));   // one misread frame, same place
        t.accept(2.0, List.of(line("Aurora Bicycle", 96, 101, 100)));
        t.accept(2.5, List.of());
        List<TextItem> items = t.finish(10);
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().text()).isEqualTo("Aurora Bicycle");
        assertThat(items.getFirst().frames()).isEqualTo(3);
        assertThat(items.getFirst().ranges()).hasSize(1);
        assertThat(items.getFirst().ranges().getFirst().start()).isEqualTo(1.0);
        assertThat(items.getFirst().ranges().getFirst().end()).isEqualTo(2.5);
    }

    @Test
    void textSeenInOneFrameOnlyIsDroppedAsNoise() {
        TextTracker t = new TextTracker(0.5, 2);
        t.accept(1.0, List.of(line("Sale", 90, 10, 10), line("g@e", 70, 500, 300), line("트", 90, 600, 100)));
        t.accept(1.5, List.of(line("Sale", 91, 10, 10), line("트", 90, 600, 100)));
        assertThat(t.finish(5)).extracting(TextItem::text).containsExactly("Sale");
    }

    @Test
    void theSameTextShownAgainLaterIsOneItemWithTwoRanges() {
        TextTracker t = new TextTracker(0.5, 2);
        for (double s = 0; s <= 1.0; s += 0.5) {
            t.accept(s, List.of(line("Only $999", 90, 50, 400)));
        }
        for (double s = 1.5; s < 5; s += 0.5) {
            t.accept(s, List.of());
        }
        for (double s = 5; s <= 6.0; s += 0.5) {
            t.accept(s, List.of(line("Only $999", 92, 300, 100)));
        }
        List<TextItem> items = t.finish(6.2);
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().ranges()).extracting(TextItem.Range::start).containsExactly(0.0, 5.0);
        assertThat(items.getFirst().ranges().get(1).end()).isEqualTo(6.2);   // capped at the video's end
    }

    @Test
    void differentTextsInOneFrameStaySeparate() {
        TextTracker t = new TextTracker(0.5, 1);
        t.accept(0, List.of(line("KESTREL", 90, 10, 10), line("Running Shoes", 90, 10, 200)));
        t.accept(0.5, List.of(line("KESTREL", 90, 10, 10), line("Running Shoes", 90, 10, 200)));
        assertThat(t.finish(1)).extracting(TextItem::text).containsExactly("KESTREL", "Running Shoes");
    }
}
