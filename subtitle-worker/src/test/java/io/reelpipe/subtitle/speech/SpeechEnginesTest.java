package io.reelpipe.subtitle.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.subtitle.SubtitleConfiguration;
import io.reelpipe.subtitle.SubtitleProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Engine choice at startup: Whisper only with a loadable model, otherwise Sphinx4 and a clear log line. */
class SpeechEnginesTest {

    @TempDir
    Path tmp;

    private static SubtitleProperties props(String engine, Path model) {
        return new SubtitleProperties(engine, true, 262_144, new SubtitleProperties.Whisper(model, false, 1, 300));
    }

    @Test
    void sphinxIsTheDefaultAndWhisperWithoutAUsableModelFallsBackToIt() throws Exception {
        assertThat(SpeechEngines.select(props("auto", null))).isInstanceOf(SphinxSpeechEngine.class);
        assertThat(SpeechEngines.select(props("sphinx", null)).name()).isEqualTo("sphinx");
        assertThat(SpeechEngines.select(props("whisper", null))).isInstanceOf(SphinxSpeechEngine.class);
        assertThat(SpeechEngines.select(props("whisper", tmp.resolve("missing.bin"))))
                .isInstanceOf(SphinxSpeechEngine.class);
        Path garbage = Files.write(tmp.resolve("ggml-garbage.bin"), new byte[4096]);
        assertThat(SpeechEngines.select(props("auto", garbage))).isInstanceOf(SphinxSpeechEngine.class);
        assertThatThrownBy(() -> SpeechEngines.select(props("vosk", null)))
                .hasMessageContaining("must be auto, sphinx or whisper");
    }

    @Test
    void propertiesBindWithDefaultsInTheWorkersContext() {
        new ApplicationContextRunner()
                .withUserConfiguration(SubtitleConfiguration.class)
                .withPropertyValues("reelpipe.subtitle.whisper.model-path=" + tmp.resolve("nope.bin"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    SubtitleProperties p = ctx.getBean(SubtitleProperties.class);
                    assertThat(p.engine()).isEqualTo("auto");
                    assertThat(p.sphinxAligner()).isTrue();
                    assertThat(p.whisper().useGpu()).isTrue();
                    assertThat(p.whisper().chunkSeconds()).isEqualTo(300);
                    assertThat(ctx.getBean(SpeechEngine.class).name()).isEqualTo("sphinx");
                });
    }

    @Test
    void whisperSegmentsAreSpreadIntoWords() {
        List<RecognizedWord> words = new ArrayList<>();
        WhisperSpeechEngine.spread(" Hello big world", 1.0, 2.6, words);
        assertThat(words).extracting(RecognizedWord::word).containsExactly("Hello", "big", "world");
        assertThat(words.getFirst().start()).isEqualTo(1.0);
        assertThat(words.getLast().end()).isEqualTo(2.6, org.assertj.core.data.Offset.offset(1e-9));
    }
}
