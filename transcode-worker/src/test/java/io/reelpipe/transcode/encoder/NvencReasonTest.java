package io.reelpipe.transcode.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reason kept when the NVENC trial fails is the encoder's own words, as seen on a real GPU without NVENC. */
class NvencReasonTest {

    @Test
    void theEncodersOwnLinesNotFfmpegsClosingLine() {
        // the trial's output on an NVIDIA H200 (no NVENC unit), FFmpeg 8.0.1 -loglevel error
        String h200 = """
                [h264_nvenc @ 0x55be5a181800] OpenEncodeSessionEx failed: unsupported device (2): (no details)
                [h264_nvenc @ 0x55be5a181800] No capable devices found
                [vost#0:0/h264_nvenc @ 0x55be5a181200] [enc:h264_nvenc @ 0x55be5a181780] Error while opening encoder - maybe incorrect parameters such as bit_rate, rate, width or height.
                [vf#0:0 @ 0x55be5a19c780] Error sending frames to consumers: Function not implemented
                [out#0/null @ 0x55be5a180e00] Nothing was written into output file, because at least one of its streams received no packets.
                """;
        assertEquals("OpenEncodeSessionEx failed: unsupported device (2): (no details); No capable devices found",
                EncoderSelector.nvencReason(h200, 187));
    }

    @Test
    void withoutEncoderLinesTheLastLineStays() {
        assertEquals("Cannot load libcuda.so.1", EncoderSelector.nvencReason("x\nCannot load libcuda.so.1\n\n", 1));
        assertEquals("exit 1", EncoderSelector.nvencReason("", 1));
    }
}
