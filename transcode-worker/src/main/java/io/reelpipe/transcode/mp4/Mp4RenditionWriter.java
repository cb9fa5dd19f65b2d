package io.reelpipe.transcode.mp4;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.transcode.hls.HlsRendition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes a progressive MP4 rendition from a variant's HLS segments without re-encoding: MPEG-TS segments of one
 * muxer session are byte-concatenable, so they are joined into one transport stream and remuxed with
 * {@code -c copy -movflags +faststart} (index first, so a player starts before the download ends). The video is
 * therefore bit-identical to the HLS rung, and the ladder is encoded once for both formats.
 */
public class Mp4RenditionWriter {

    private final Ffmpeg ffmpeg;

    public Mp4RenditionWriter(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    public Path write(HlsRendition rendition, Path target, ProgressListener progress, CancellationCheck cancel) {
        Path joined = target.resolveSibling(rendition.name() + ".joined.ts");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(joined)) {
                for (Path seg : rendition.segmentFiles()) {
                    Files.copy(seg, out);
                }
            }
            ffmpeg.run(FfmpegCommand.builder()
                    .input(joined)
                    .args("-map", "0", "-c", "copy", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4")
                    .output(target)
                    .expectedDuration(Duration.ofMillis(Math.round(rendition.media().totalDuration() * 1000)))
                    .build(), progress, cancel);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(joined);
            } catch (IOException ignored) {
                // scratch space is removed with the stage anyway
            }
        }
    }
}
