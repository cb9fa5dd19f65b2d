package io.reelpipe.ingest.upload;

import io.reelpipe.media.AudioStream;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.SubtitleStream;
import io.reelpipe.media.VideoStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Probe results as plain JSON values: stored in {@code assets.media} and carried in every {@code StageTask.media}.
 * Explicit rather than a mapper's view of {@link MediaInfo}, so this contract does not move with that record.
 */
public final class MediaJson {

    private MediaJson() {
    }

    public static Map<String, Object> of(MediaInfo m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("container", m.formatName());
        out.put("containerName", m.formatLongName());
        out.put("durationSeconds", m.duration().toNanos() / 1e9);
        out.put("bitRate", m.bitRate());
        if (m.sizeBytes() >= 0) {
            out.put("sizeBytes", m.sizeBytes());
        }
        m.video().ifPresent(v -> out.put("video", video(v)));
        out.put("videoStreams", m.videoStreams().stream().map(MediaJson::video).toList());
        out.put("audioStreams", m.audioStreams().stream().map(MediaJson::audio).toList());
        out.put("subtitleStreams", m.subtitleStreams().stream().map(MediaJson::subtitle).toList());
        out.put("tags", new LinkedHashMap<>(m.tags()));
        return out;
    }

    private static Map<String, Object> video(VideoStream v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", v.index());
        out.put("codec", v.codec());
        putIfNotNull(out, "profile", v.profile());
        out.put("width", v.width());
        out.put("height", v.height());
        out.put("displayWidth", v.orientedWidth());
        out.put("displayHeight", v.orientedHeight());
        out.put("sampleAspectRatio", v.sampleAspectRatio().toString());
        out.put("displayAspectRatio", v.displayAspectRatio().toString());
        out.put("rotation", v.rotation());
        out.put("frameRate", v.frameRate());
        putIfNotNull(out, "pixelFormat", v.pixelFormat());
        out.put("bitRate", v.bitRate());
        out.put("frameCount", v.frameCount());
        out.put("attachedPicture", v.attachedPicture());
        return out;
    }

    private static Map<String, Object> audio(AudioStream a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", a.index());
        out.put("codec", a.codec());
        putIfNotNull(out, "profile", a.profile());
        out.put("sampleRate", a.sampleRate());
        out.put("channels", a.channels());
        putIfNotNull(out, "channelLayout", a.channelLayout());
        putIfNotNull(out, "language", a.language());
        putIfNotNull(out, "title", a.title());
        out.put("bitRate", a.bitRate());
        out.put("default", a.defaultTrack());
        return out;
    }

    private static Map<String, Object> subtitle(SubtitleStream s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", s.index());
        out.put("codec", s.codec());
        putIfNotNull(out, "language", s.language());
        putIfNotNull(out, "title", s.title());
        out.put("textBased", s.textBased());
        out.put("default", s.defaultTrack());
        out.put("forced", s.forced());
        return out;
    }

    private static void putIfNotNull(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
