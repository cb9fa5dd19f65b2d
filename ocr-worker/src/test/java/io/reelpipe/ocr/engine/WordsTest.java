package io.reelpipe.ocr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {

    static TextLine.Word w(String text, int x, int width) {
        return new TextLine.Word(text, 90, new TextLine.Box(x, 0, width, 40));
    }

    @Test
    void splitHangulSyllablesAreJoinedButSpacedWordsAreNot() {
        // "루 미 나" read with narrow gaps, then a real space before "청소기"
        List<TextLine.Word> joined = Words.joinHangulSyllables(List.of(w("루", 0, 30), w("미", 34, 30), w("나", 68, 30),
                w("청소기", 130, 90)));
        assertThat(joined).extracting(TextLine.Word::text).containsExactly("루미나", "청소기");
        assertThat(joined.getFirst().box()).isEqualTo(new TextLine.Box(0, 0, 98, 40));
        assertThat(Words.joinHangulSyllables(List.of(w("무선", 0, 60), w("청소기", 64, 90))))
                .extracting(TextLine.Word::text).containsExactly("무선", "청소기");
        assertThat(Words.joinHangulSyllables(List.of(w("A", 0, 20), w("미", 24, 30))))
                .extracting(TextLine.Word::text).containsExactly("A", "미");
    }

    @Test
    void plausibleWordsKeepPricesAndDropTexture() {
        assertThat(List.of("$19.99", "50%", "E7", "오로라", "a", "I")).allMatch(Words::plausible);
        assertThat(List.of("|", "=-", "—", "'',", "g", "", "함ㅇ")).noneMatch(Words::plausible);
        assertThat(Words.confident("eu", 63.5, 60)).isFalse();
        assertThat(Words.confident("$3", 92, 60)).isTrue();
        assertThat(Words.confident("Bicycle", 70, 60)).isTrue();
    }
}
