package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.pipeline.filter.InvalidParametersException;
import io.reelpipe.pipeline.internal.ParameterBinder;
import io.reelpipe.transcode.TranscodeParameters.EncoderChoice;
import io.reelpipe.transcode.TranscodeParameters.Format;
import io.reelpipe.transcode.ladder.RungSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscodeParametersTest {

    static TranscodeParameters bind(Map<String, Object> with) {
        return ParameterBinder.bind("transcode", with, TranscodeParameters.class);
    }

    @Test
    void emptyWithGivesDefaults() {
        TranscodeParameters p = bind(Map.of());
        assertThat(p.ladder()).extracting(RungSpec::name).containsExactly("1080p", "720p", "480p", "360p");
        assertThat(p.formats()).containsExactly(Format.HLS, Format.MP4);
        assertThat(p.segmentSeconds()).isEqualTo(4);
        assertThat(p.encoder()).isEqualTo(EncoderChoice.AUTO);
        assertThat(p.preset()).isEqualTo("veryfast");
        assertThat(p.loudness().targetLufs()).isNull();
        assertThat(p.chunking().enabled()).isTrue();
        assertThat(p.chunking().thresholdSeconds()).isEqualTo(600.0);
        assertThat(new TranscodeFilter(null).parameterNames())
                .containsExactly("ladder", "formats", "segmentSeconds", "encoder", "preset", "loudness", "chunking");
    }

    @Test
    void designDocExampleBinds() {
        TranscodeParameters p = bind(Map.of("ladder", List.of("1080p", "720p", "480p", "360p"),
                "formats", List.of("hls", "mp4")));
        assertThat(p.ladder()).hasSize(4);
        assertThat(p.hls()).isTrue();
        assertThat(p.mp4()).isTrue();
    }

    @Test
    void explicitRungsLoudnessAndChunking() {
        TranscodeParameters p = bind(Map.of(
                "ladder", List.of("720p", Map.of("name", "tiny", "width", 320, "height", 180,
                        "videoBitrate", "300k", "audioBitrate", 48000)),
                "formats", List.of("HLS"),
                "segmentSeconds", 2,
                "encoder", "nvenc",
                "preset", "fast",
                "loudness", Map.of("target", "-24 LKFS", "truePeak", -2),
                "chunking", Map.of("enabled", true, "thresholdSeconds", 60, "chunkSeconds", 30, "parallel", 2)));
        assertThat(p.ladder().get(1)).isEqualTo(new RungSpec("tiny", 320, 180, "300k", "48000"));
        assertThat(p.formats()).containsExactly(Format.HLS);
        assertThat(p.encoder()).isEqualTo(EncoderChoice.NVENC);
        assertThat(p.loudness().targetLufs()).isEqualTo(-24.0);
        assertThat(p.loudness().truePeak()).isEqualTo(-2.0);
        assertThat(p.chunking().chunkSeconds()).isEqualTo(30.0);
        assertThat(bind(Map.of("loudness", Map.of("target", -23))).loudness().targetLufs()).isEqualTo(-23.0);
        assertThat(bind(Map.of("loudness", Map.of("target", "atsc-a85"))).loudness().truePeak()).isEqualTo(-2.0);
    }

    @Test
    void rejectsUnknownAndBadValues() {
        assertThatThrownBy(() -> bind(Map.of("bitrate", "1M"))).isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("unknown parameter 'bitrate'");
        assertThatThrownBy(() -> bind(Map.of("ladder", List.of(Map.of("name", "x", "width", 320, "fps", 30)))))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("fps");
        assertThatThrownBy(() -> bind(Map.of("ladder", List.of("999p")))).isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("unknown rung '999p'");
        assertThatThrownBy(() -> bind(Map.of("formats", List.of("dash")))).isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("dash");
        assertThatThrownBy(() -> bind(Map.of("preset", "ludicrous"))).isInstanceOf(InvalidParametersException.class);
        assertThatThrownBy(() -> bind(Map.of("loudness", Map.of("target", "loud"))))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("loud");
        assertThatThrownBy(() -> bind(Map.of("segmentSeconds", 0))).isInstanceOf(InvalidParametersException.class);
    }
}
