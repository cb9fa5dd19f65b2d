package io.reelpipe.media;

/**
 * One audio stream.
 *
 * @param channelLayout FFmpeg's layout name: {@code mono}, {@code stereo}, {@code 5.1}, ...
 * @param language      ISO 639-2 tag from the container ({@code eng}), or null when absent or {@code und}
 * @param title         stream title tag, or null
 */
public record AudioStream(
        int index,
        String codec,
        String profile,
        int sampleRate,
        int channels,
        String channelLayout,
        String language,
        String title,
        long bitRate,
        boolean defaultTrack) {
}
