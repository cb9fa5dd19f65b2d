package io.reelpipe.transcode;

import io.reelpipe.transcode.encoder.VideoEncoder;
import io.reelpipe.transcode.ladder.Rung;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one encode of a source needs: the rungs, whether and how audio goes along, segment length and encoder.
 *
 * @param fps          the source's average frame rate (GOP length in frames); 0 when unknown
 * @param audio        null when the source has no audio (the outputs then have none)
 * @param audioBitrate bitrate of the single variant of an audio-only source
 */
public record TranscodeSpec(Path source, Duration duration, double fps, List<Rung> rungs, AudioSpec audio,
                            long audioBitrate, int segmentSeconds, VideoEncoder encoder, String preset) {

    /** Output audio: stereo AAC 48 kHz (5.1 and other layouts are downmixed), optionally normalised. */
    public record AudioSpec(String normalizeFilter) {
        /** The filter chain from the decoded source audio to what the AAC encoder gets. */
        public String chain() {
            return DOWNMIX + (normalizeFilter == null ? "" : "," + normalizeFilter) + ",aresample=48000";
        }
    }

    /** Stereo downmix (FFmpeg's default matrix: centre and surrounds at -3 dB, LFE dropped). */
    public static final String DOWNMIX = "aformat=channel_layouts=stereo";

    /** One HLS variant stream (and MP4 rendition): a rung with or without audio, or audio alone. */
    public record Variant(String name, Rung rung, long audioBitrate) {
        public boolean hasVideo() {
            return rung != null;
        }

        public boolean hasAudio() {
            return audioBitrate > 0;
        }
    }

    public TranscodeSpec {
        rungs = List.copyOf(rungs);
        if (rungs.isEmpty() && audio == null) {
            throw new IllegalArgumentException("nothing to encode: no video rungs and no audio");
        }
    }

    public List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        for (Rung r : rungs) {
            v.add(new Variant(r.name(), r, audio == null ? 0 : r.audioBitrate()));
        }
        if (v.isEmpty()) {
            v.add(new Variant("audio", null, audioBitrate));
        }
        return v;
    }

    /**
     * The video part of the filter graph: the decoded (and auto-rotated) source split once, then one scaler per
     * rung to its upright display size with square pixels and 4:2:0 chroma. Outputs {@code [v0]}, {@code [v1]}…
     */
    public String videoGraph() {
        StringBuilder g = new StringBuilder("[0:v:0]");
        int n = rungs.size();
        if (n > 1) {
            g.append("split=").append(n);
            for (int i = 0; i < n; i++) {
                g.append("[s").append(i).append(']');
            }
            g.append(';');
        }
        for (int i = 0; i < n; i++) {
            Rung r = rungs.get(i);
            if (n > 1) {
                g.append("[s").append(i).append(']');
            }
            g.append(String.format(Locale.ROOT, "scale=w=%d:h=%d:flags=bicubic,format=yuv420p,setsar=1[v%d]",
                    r.width(), r.height(), i));
            if (i < n - 1) {
                g.append(';');
            }
        }
        return g.toString();
    }

    /** The audio part: one decode, downmix/normalise once, then {@code asplit} to {@code count} encoders ({@code [a0]}…). */
    public String audioGraph(int count) {
        StringBuilder g = new StringBuilder("[0:a:0]").append(audio.chain());
        if (count == 1) {
            return g.append("[a0]").toString();
        }
        g.append(",asplit=").append(count);
        for (int i = 0; i < count; i++) {
            g.append("[a").append(i).append(']');
        }
        return g.toString();
    }
}
