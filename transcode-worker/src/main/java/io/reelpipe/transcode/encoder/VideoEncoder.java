package io.reelpipe.transcode.encoder;

import io.reelpipe.transcode.ladder.Rung;
import java.util.ArrayList;
import java.util.List;

/** The H.264 encoders the worker drives, and the FFmpeg options each needs for aligned, capped-VBR rungs. */
public enum VideoEncoder {
    X264("libx264"),
    NVENC("h264_nvenc");

    private final String ffmpegName;

    VideoEncoder(String ffmpegName) {
        this.ffmpegName = ffmpegName;
    }

    public String ffmpegName() {
        return ffmpegName;
    }

    /**
     * Options for the video stream(s) selected by {@code spec} ({@code v:2} for the third video stream of a
     * multi-stream output, {@code v} for a one-video output): codec, preset, profile/level, capped VBR, a GOP of one
     * segment and a forced keyframe at every segment start (times are output times, so segments line up across
     * rungs and across chunks that start on a segment boundary).
     */
    public List<String> options(String spec, Rung rung, String preset, int segmentSeconds, double fps) {
        List<String> a = new ArrayList<>();
        int gop = (int) Math.max(1, Math.round(segmentSeconds * (fps > 0 ? fps : 30)));
        a.addAll(List.of("-c:" + spec, ffmpegName));
        switch (this) {
            case X264 -> a.addAll(List.of("-preset:" + spec, preset, "-sc_threshold:" + spec, "0"));
            case NVENC -> a.addAll(List.of("-preset:" + spec, nvencPreset(preset), "-rc:" + spec, "vbr",
                    "-forced-idr:" + spec, "1", "-no-scenecut:" + spec, "1"));
        }
        a.addAll(List.of(
                "-profile:" + spec, "high",
                "-level:" + spec, rung.level(),
                "-b:" + spec, Long.toString(rung.videoBitrate()),
                "-maxrate:" + spec, Long.toString(rung.maxBitrate()),
                "-bufsize:" + spec, Long.toString(rung.bufferSize()),
                "-g:" + spec, Integer.toString(gop),
                "-force_key_frames:" + spec, "expr:gte(t,n_forced*" + segmentSeconds + ")"));
        return a;
    }

    /** x264 preset names mapped onto NVENC's p1 (fastest) … p7 (best). */
    static String nvencPreset(String x264) {
        return switch (x264) {
            case "ultrafast", "superfast" -> "p1";
            case "veryfast" -> "p2";
            case "faster" -> "p3";
            case "fast" -> "p4";
            case "medium" -> "p5";
            case "slow" -> "p6";
            default -> "p7";
        };
    }
}
