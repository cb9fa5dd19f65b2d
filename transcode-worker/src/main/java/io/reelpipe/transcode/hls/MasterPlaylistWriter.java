package io.reelpipe.transcode.hls;

import io.reelpipe.transcode.TranscodeSpec.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code master.m3u8} from the encoded variants. BANDWIDTH is the peak segment bitrate and
 * AVERAGE-BANDWIDTH the mean, both measured on the real segment files (container overhead included, as RFC 8216
 * asks), so they are right whether the variant came from one encode or stitched chunks; CODECS carries the
 * High-profile level of each rung.
 */
public final class MasterPlaylistWriter {

    public static final String AAC_LC = "mp4a.40.2";

    /** Measured figures of one variant. */
    public record VariantStats(long peakBitrate, long averageBitrate, int segments, double duration) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bandwidth", peakBitrate);
            m.put("averageBandwidth", averageBitrate);
            m.put("segments", segments);
            m.put("duration", Math.round(duration * 1000) / 1000.0);
            return m;
        }
    }

    private MasterPlaylistWriter() {
    }

    public static VariantStats stats(HlsRendition r) {
        long peak = 0;
        long bits = 0;
        double total = 0;
        List<MediaPlaylist.Segment> segs = r.media().segments();
        for (MediaPlaylist.Segment s : segs) {
            long size;
            try {
                size = Files.size(r.dir().resolve(s.uri()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bits += size * 8;
            total += s.duration();
            // a very short last segment would overstate the peak: measure it over at least half a target duration
            double d = Math.max(s.duration(), segs.size() > 1 ? r.media().targetDuration() / 2.0 : s.duration());
            if (d > 0) {
                peak = Math.max(peak, Math.round(size * 8 / d));
            }
        }
        long avg = total > 0 ? Math.round(bits / total) : 0;
        return new VariantStats(Math.max(peak, avg), avg, segs.size(), total);
    }

    /** Writes the master playlist with URIs relative to its folder ({@code {variant}/index.m3u8}). */
    public static Path write(List<HlsRendition> renditions, double fps, Path master) {
        List<String> lines = new ArrayList<>();
        lines.add("#EXTM3U");
        lines.add("#EXT-X-VERSION:3");
        lines.add("#EXT-X-INDEPENDENT-SEGMENTS");
        for (HlsRendition r : renditions) {
            Variant v = r.variant();
            VariantStats st = stats(r);
            StringBuilder sb = new StringBuilder("#EXT-X-STREAM-INF:BANDWIDTH=").append(st.peakBitrate())
                    .append(",AVERAGE-BANDWIDTH=").append(st.averageBitrate());
            List<String> codecs = new ArrayList<>();
            if (v.hasVideo()) {
                sb.append(",RESOLUTION=").append(v.rung().width()).append('x').append(v.rung().height());
                if (fps > 0) {
                    sb.append(String.format(Locale.ROOT, ",FRAME-RATE=%.3f", fps));
                }
                codecs.add(v.rung().videoCodecs());
            }
            if (v.hasAudio()) {
                codecs.add(AAC_LC);
            }
            sb.append(",CODECS=\"").append(String.join(",", codecs)).append('"');
            lines.add(sb.toString());
            lines.add(master.getParent().relativize(r.playlist()).toString().replace('\\', '/'));
        }
        try {
            Files.write(master, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return master;
    }
}
