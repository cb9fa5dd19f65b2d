package io.reelpipe.subtitle.audio;

import io.reelpipe.media.AudioStream;
import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.ProgressListener;
import java.nio.file.Path;

/**
 * Decodes the main audio stream of a media file to 16 kHz mono s16le with the bundled ffmpeg (shared
 * media-ffmpeg module), written straight to a scratch file: ffmpeg streams, nothing is held in memory.
 * Progress follows ffmpeg's output position; cancellation kills ffmpeg.
 */
public final class AudioDecoder {

    private final Ffmpeg ffmpeg;

    public AudioDecoder(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * @param info the probe of {@code source}; must have audio ({@link MediaInfo#hasAudio()})
     */
    public PcmAudio decode(Path source, MediaInfo info, Path target, ProgressListener progress,
            CancellationCheck cancel) {
        AudioStream stream = info.audio().orElseThrow(() -> new IllegalArgumentException("no audio stream"));
        FfmpegCommand cmd = FfmpegCommand.builder()
                .input(source)
                .args("-map", "0:" + stream.index(), "-vn", "-sn", "-dn",
                        "-ac", "1", "-ar", Integer.toString(PcmAudio.RATE),
                        "-c:a", "pcm_s16le", "-f", "s16le")
                .output(target)
                .expectedDuration(info.duration().isZero() ? null : info.duration())
                .build();
        ffmpeg.run(cmd, progress, cancel);
        return new PcmAudio(target, PcmAudio.RATE);
    }
}
