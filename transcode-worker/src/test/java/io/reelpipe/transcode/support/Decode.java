package io.reelpipe.transcode.support;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import java.nio.file.Path;

/** Decodes a whole file with the bundled ffmpeg, failing on the first decode error ({@code -xerror}). */
public final class Decode {
    private Decode() {
    }

    public static void fully(Path file) {
        Ffmpeg.bundled().run(FfmpegCommand.of(null, "-xerror", "-err_detect", "explode", "-i",
                file.toAbsolutePath().toString(), "-map", "0", "-f", "null", "-"));
    }
}
