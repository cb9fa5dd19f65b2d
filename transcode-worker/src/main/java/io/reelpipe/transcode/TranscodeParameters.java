package io.reelpipe.transcode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reelpipe.transcode.ladder.RungSpec;
import io.reelpipe.transcode.loudness.LoudnessParameters;
import java.util.List;
import java.util.Locale;

/**
 * The {@code with} block of a transcode stage. Every field may be left out ({@code with: {}} works).
 *
 * @param ladder         rungs, highest first: names ({@code 1080p}, {@code 720p}, ...) or explicit
 *                       {@code {name, width, height, videoBitrate, audioBitrate}}; default {@code [1080p, 720p, 480p, 360p]}
 * @param formats        {@code hls} and/or {@code mp4}; default both
 * @param segmentSeconds HLS segment length, also the GOP length (a keyframe starts every segment); default 4
 * @param encoder        {@code auto} (nvenc when the node has a working one, else x264), {@code x264}, {@code nvenc}
 * @param preset         x264 preset ({@code ultrafast} … {@code veryslow}), mapped to NVENC p1…p7; default {@code veryfast}
 * @param loudness       EBU R128 measurement (always) and optional normalisation to {@code target}
 * @param chunking       split long sources into GOP-aligned chunks encoded independently and checkpointed
 */
public record TranscodeParameters(
        List<RungSpec> ladder,
        List<Format> formats,
        Integer segmentSeconds,
        EncoderChoice encoder,
        String preset,
        LoudnessParameters loudness,
        ChunkingParameters chunking) {

    public static final List<String> DEFAULT_LADDER = List.of("1080p", "720p", "480p", "360p");
    static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
            "slow", "slower", "veryslow");

    public TranscodeParameters {
        if (ladder == null || ladder.isEmpty()) {
            ladder = DEFAULT_LADDER.stream().map(RungSpec::named).toList();
        } else {
            ladder = List.copyOf(ladder);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (RungSpec r : ladder) {
                if (r == null) {
                    throw new IllegalArgumentException("ladder entries must not be empty");
                }
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException("ladder has two rungs named '" + r.name() + "'");
                }
            }
        }
        formats = formats == null || formats.isEmpty() ? List.of(Format.HLS, Format.MP4)
                : List.copyOf(new java.util.LinkedHashSet<>(formats));
        if (segmentSeconds == null) {
            segmentSeconds = 4;
        } else if (segmentSeconds < 1 || segmentSeconds > 60) {
            throw new IllegalArgumentException("segmentSeconds must be 1..60, got " + segmentSeconds);
        }
        encoder = encoder == null ? EncoderChoice.AUTO : encoder;
        preset = preset == null || preset.isBlank() ? "veryfast" : preset.strip().toLowerCase(Locale.ROOT);
        if (!PRESETS.contains(preset)) {
            throw new IllegalArgumentException("preset must be one of " + PRESETS + ", got '" + preset + "'");
        }
        loudness = loudness == null ? LoudnessParameters.MEASURE_ONLY : loudness;
        chunking = chunking == null ? ChunkingParameters.DEFAULT : chunking;
    }

    /** All defaults: what {@code with: {}} binds to. */
    public static TranscodeParameters defaults() {
        return new TranscodeParameters(null, null, null, null, null, null, null);
    }

    public boolean hls() {
        return formats.contains(Format.HLS);
    }

    public boolean mp4() {
        return formats.contains(Format.MP4);
    }

    /** Output formats. */
    public enum Format {
        HLS, MP4;

        @JsonCreator
        public static Format of(String s) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + s + "' (accepted: hls, mp4)");
        }

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which H.264 encoder to use. */
    public enum EncoderChoice {
        AUTO, X264, NVENC;

        @JsonCreator
        public static EncoderChoice of(String s) {
            for (EncoderChoice f : values()) {
                if (f.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown encoder '" + s + "' (accepted: auto, x264, nvenc)");
        }

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Chunked encoding of long sources.
     *
     * @param enabled          default true
     * @param thresholdSeconds sources longer than this are chunked; default 600
     * @param chunkSeconds     chunk length, rounded to a whole number of segments; default 120
     * @param parallel         chunks this worker encodes at once; default 1 (x264 already uses every core)
     * @param share            offer the chunks to the other transcode workers of the pool (sub-tasks on the same topic),
     *                         so several workers encode one video; default true
     */
    public record ChunkingParameters(Boolean enabled, Double thresholdSeconds, Double chunkSeconds, Integer parallel,
                                     Boolean share) {
        public static final ChunkingParameters DEFAULT = new ChunkingParameters(null, null, null, null, null);

        public ChunkingParameters(Boolean enabled, Double thresholdSeconds, Double chunkSeconds, Integer parallel) {
            this(enabled, thresholdSeconds, chunkSeconds, parallel, null);
        }

        public ChunkingParameters {
            enabled = enabled == null || enabled;
            thresholdSeconds = thresholdSeconds == null ? 600.0 : thresholdSeconds;
            chunkSeconds = chunkSeconds == null ? 120.0 : chunkSeconds;
            parallel = parallel == null ? 1 : parallel;
            share = share == null || share;
            if (thresholdSeconds < 0) {
                throw new IllegalArgumentException("chunking.thresholdSeconds must be >= 0");
            }
            if (chunkSeconds <= 0) {
                throw new IllegalArgumentException("chunking.chunkSeconds must be > 0");
            }
            if (parallel < 1 || parallel > 64) {
                throw new IllegalArgumentException("chunking.parallel must be 1..64");
            }
        }
    }
}
