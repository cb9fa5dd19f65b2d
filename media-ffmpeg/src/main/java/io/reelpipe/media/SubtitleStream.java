package io.reelpipe.media;

/**
 * One subtitle stream.
 *
 * @param codec    e.g. {@code mov_text}, {@code subrip}, {@code webvtt}, {@code hdmv_pgs_subtitle}
 * @param language ISO 639-2 tag, or null when absent or {@code und}
 * @param textBased true for text subtitles that can be converted to WebVTT; false for bitmap ones (PGS, DVB)
 */
public record SubtitleStream(
        int index,
        String codec,
        String language,
        String title,
        boolean textBased,
        boolean defaultTrack,
        boolean forced) {
}
