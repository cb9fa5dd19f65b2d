package io.reelpipe.media;

import java.time.Duration;

/**
 * One progress report of a running ffmpeg.
 *
 * @param fraction  0..1 of the command's expected duration (non-decreasing; 1.0 once ffmpeg reports the end);
 *                  stays 0 until the end when no expected duration was given
 * @param processed output time written so far
 * @param speed     encoding speed as a multiple of real time (0 when ffmpeg has not said yet)
 * @param frame     output frames so far (0 for audio-only outputs)
 * @param done      true on the final report
 */
public record FfmpegProgress(double fraction, Duration processed, double speed, long frame, boolean done) {
}
