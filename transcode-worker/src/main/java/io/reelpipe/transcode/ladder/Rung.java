package io.reelpipe.transcode.ladder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rung as it will be encoded: upright display size with square pixels (even numbers), bitrates and the H.264
 * level that fits its size and frame rate.
 *
 * @param maxBitrate VBV cap ({@code -maxrate}); the buffer is twice the target bitrate
 * @param level      H.264 level as FFmpeg spells it, e.g. {@code 3.1}
 */
public record Rung(String name, int width, int height, long videoBitrate, long maxBitrate, long audioBitrate,
                   String level) {

    /** The RFC 6381 codec string of this rung's video (High profile), e.g. {@code avc1.64001f}. */
    public String videoCodecs() {
        int idc = Math.round(Float.parseFloat(level) * 10);
        return String.format("avc1.6400%02x", idc);
    }

    public long bufferSize() {
        return videoBitrate * 2;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("width", width);
        m.put("height", height);
        m.put("videoBitrate", videoBitrate);
        m.put("maxBitrate", maxBitrate);
        m.put("audioBitrate", audioBitrate);
        m.put("level", level);
        return m;
    }
}
