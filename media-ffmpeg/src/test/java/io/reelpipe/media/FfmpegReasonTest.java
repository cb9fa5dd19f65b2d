package io.reelpipe.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure reason keeps the line that names the cause, not FFmpeg 8's closing lines. */
class FfmpegReasonTest {

    @Test
    void theCauseOutlivesFfmpegsClosingLines() {
        // an NVENC chunk encode on a GPU without an encoder unit (seen on an H200), -loglevel level+info
        List<String> tail = List.of(
                "[h264_nvenc @ 0x55d0c1a2b800] [error] OpenEncodeSessionEx failed: unsupported device (2): (no details)",
                "[h264_nvenc @ 0x55d0c1a2b800] [error] No capable devices found",
                "[vost#0:0/h264_nvenc @ 0x55d0c1a2a200] [enc:h264_nvenc @ 0x55d0c1a2b780] [error] Error while opening "
                        + "encoder - maybe incorrect parameters such as bit_rate, rate, width or height.",
                "[vf#0:0 @ 0x55d0c1a46780] [error] Error sending frames to consumers: Function not implemented",
                "[vf#0:0 @ 0x55d0c1a46780] [error] Task finished with error code: -38 (Function not implemented)",
                "[vf#0:0 @ 0x55d0c1a46780] [error] Terminating thread with return code -38 (Function not implemented)",
                "[vost#0:0/h264_nvenc @ 0x55d0c1a2a200] [error] Could not open encoder before EOF",
                "[out#0/hls @ 0x55d0c1a2ae00] [error] Nothing was written into output file, because at least one of "
                        + "its streams received no packets.",
                "[out#1/hls @ 0x55d0c1a2ae00] [error] Nothing was written into output file, because at least one of "
                        + "its streams received no packets.",
                "[info] Conversion failed!");
        assertThat(Ffmpeg.reason(tail))
                .isEqualTo("OpenEncodeSessionEx failed: unsupported device (2): (no details) / No capable devices found");
    }

    @Test
    void aPlainErrorStaysAsItWas() {
        assertThat(Ffmpeg.reason(List.of("[in#0 @ 0x1] [error] Error opening input: Invalid data found when processing "
                + "input", "[fatal] Error opening input file /tmp/x.", "[info] Conversion failed!")))
                .isEqualTo("Error opening input: Invalid data found when processing input / Error opening input file /tmp/x.");
    }
}
