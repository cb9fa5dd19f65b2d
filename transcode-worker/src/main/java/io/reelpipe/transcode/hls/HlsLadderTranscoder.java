package io.reelpipe.transcode.hls;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.transcode.TranscodeSpec;
import io.reelpipe.transcode.TranscodeSpec.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the whole HLS ladder in <b>one</b> FFmpeg run: the source is decoded once, split in the filter graph and
 * scaled per rung ({@code split=N} + {@code scale}), audio is downmixed/normalised once and split per variant;
 * every rung gets a keyframe at each segment start (forced by output time, scene-cut keyframes off), so segments
 * line up across rungs. The HLS muxer writes one media playlist and MPEG-TS segments per variant
 * ({@code var_stream_map}, VOD playlists); the master playlist is written afterwards from the real segment sizes
 * ({@link MasterPlaylistWriter}).
 *
 * <p>Layout under the output folder: {@code {variant}/index.m3u8}, {@code {variant}/seg-00000.ts}…
 */
public class HlsLadderTranscoder {

    public static final String PLAYLIST = "index.m3u8";
    public static final String SEGMENT_PATTERN = "seg-%05d.ts";

    private final Ffmpeg ffmpeg;

    public HlsLadderTranscoder(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The single FFmpeg command (without the runner's own options). */
    public static FfmpegCommand command(TranscodeSpec spec, Path outDir) {
        List<Variant> variants = spec.variants();
        List<String> a = new ArrayList<>();
        StringBuilder graph = new StringBuilder();
        boolean video = !spec.rungs().isEmpty();
        if (video) {
            graph.append(spec.videoGraph());
        }
        if (spec.audio() != null) {
            if (!graph.isEmpty()) {
                graph.append(';');
            }
            graph.append(spec.audioGraph(variants.size()));
        }
        a.addAll(List.of("-filter_complex", graph.toString()));
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            if (!map.isEmpty()) {
                map.append(' ');
            }
            if (v.hasVideo()) {
                a.addAll(List.of("-map", "[v" + i + "]"));
                map.append("v:").append(i);
            }
            if (spec.audio() != null) {
                a.addAll(List.of("-map", "[a" + i + "]"));
                map.append(v.hasVideo() ? "," : "").append("a:").append(i);
            }
            map.append(",name:").append(v.name());
        }
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            if (v.hasVideo()) {
                a.addAll(spec.encoder().options("v:" + i, v.rung(), spec.preset(), spec.segmentSeconds(), spec.fps()));
            }
            if (spec.audio() != null) {
                a.addAll(List.of("-b:a:" + i, Long.toString(v.audioBitrate())));
            }
        }
        if (spec.audio() != null) {
            a.addAll(List.of("-c:a", "aac", "-ac", "2", "-ar", "48000"));
        }
        a.addAll(List.of("-map_metadata", "-1", "-map_chapters", "-1", "-max_muxing_queue_size", "4096",
                "-f", "hls",
                "-hls_time", Integer.toString(spec.segmentSeconds()),
                "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments",
                "-hls_segment_type", "mpegts",
                "-hls_segment_filename", outDir.toAbsolutePath() + "/%v/" + SEGMENT_PATTERN,
                "-var_stream_map", map.toString()));
        return FfmpegCommand.builder()
                .input(spec.source())
                .args(a)
                .output(outDir.toAbsolutePath() + "/%v/" + PLAYLIST)
                .expectedDuration(spec.duration())
                .build();
    }

    /** Runs the encode; returns the variants in ladder order. */
    public List<HlsRendition> transcode(TranscodeSpec spec, Path outDir, ProgressListener progress,
                                        CancellationCheck cancel) {
        mkdirs(outDir, spec.variants());
        ffmpeg.run(command(spec, outDir), progress, cancel);
        return collect(spec.variants(), outDir);
    }

    /** Creates one folder per variant (the HLS muxer does not). */
    public static void mkdirs(Path outDir, List<Variant> variants) {
        try {
            for (Variant v : variants) {
                Files.createDirectories(outDir.resolve(v.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads back what the HLS muxer wrote for each variant. */
    public static List<HlsRendition> collect(List<Variant> variants, Path outDir) {
        List<HlsRendition> out = new ArrayList<>();
        for (Variant v : variants) {
            Path pl = outDir.resolve(v.name()).resolve(PLAYLIST);
            out.add(new HlsRendition(v, pl, MediaPlaylist.read(pl)));
        }
        return out;
    }
}
