package io.reelpipe.media;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link MediaProbe} found in a file, without decoding it.
 *
 * @param formatName FFmpeg demuxer name(s), e.g. {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code matroska,webm}
 * @param formatLongName human name of the container, e.g. {@code QuickTime / MOV}
 * @param duration   container duration, {@link Duration#ZERO} when unknown (live streams, some raw formats)
 * @param bitRate    overall bits per second, 0 when unknown
 * @param sizeBytes  file size, -1 for URLs of unknown size
 * @param tags       container metadata (title, creation_time, encoder, ...)
 */
public record MediaInfo(
        String formatName,
        String formatLongName,
        Duration duration,
        long bitRate,
        long sizeBytes,
        List<VideoStream> videoStreams,
        List<AudioStream> audioStreams,
        List<SubtitleStream> subtitleStreams,
        Map<String, String> tags) {

    public MediaInfo {
        videoStreams = List.copyOf(videoStreams);
        audioStreams = List.copyOf(audioStreams);
        subtitleStreams = List.copyOf(subtitleStreams);
        tags = Map.copyOf(tags);
    }

    /** True when there is a real video stream (cover art does not count). */
    public boolean hasVideo() {
        return video().isPresent();
    }

    public boolean hasAudio() {
        return !audioStreams.isEmpty();
    }

    /** The first real video stream (not cover art). */
    public Optional<VideoStream> video() {
        return videoStreams.stream().filter(v -> !v.attachedPicture()).findFirst();
    }

    /** The default audio stream, else the first one. */
    public Optional<AudioStream> audio() {
        return audioStreams.stream().filter(AudioStream::defaultTrack).findFirst()
                .or(() -> audioStreams.stream().findFirst());
    }

    /** The video stream, or {@link NoVideoStreamException} ("this file has no video track"). */
    public VideoStream requireVideo() {
        return video().orElseThrow(NoVideoStreamException::new);
    }

    /** True when the container is MP4/MOV (ISO base media). */
    public boolean isMp4Family() {
        return formatName.contains("mp4") || formatName.contains("mov");
    }
}
