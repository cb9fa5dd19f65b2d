package io.reelpipe.gateway.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Content-Type and Cache-Control of served objects, by file extension. */
public final class ContentTypes {

    public static final String M3U8 = "application/vnd.apple.mpegurl";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("m3u8", M3U8),
            Map.entry("ts", "video/mp2t"),
            Map.entry("m4s", "video/iso.segment"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("vtt", "text/vtt"),
            Map.entry("srt", "application/x-subrip"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"),
            Map.entry("json", "application/json"));

    /** Outputs that only change when a stage re-runs: cached for {@code segment-max-age}, then revalidated. */
    private static final java.util.Set<String> STABLE = java.util.Set.of("ts", "m4s", "mp4", "m4a", "aac", "vtt",
            "srt", "jpg", "jpeg", "png", "webp", "gif");

    private ContentTypes() {
    }

    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** By extension; else the stored type; else {@code application/octet-stream}. */
    public static String of(String path, String stored) {
        String t = TYPES.get(extension(path));
        if (t != null) {
            return t;
        }
        return stored == null || stored.isBlank() ? "application/octet-stream" : stored;
    }

    public static boolean isPlaylist(String path) {
        return "m3u8".equals(extension(path));
    }

    /**
     * Segments, MP4s, images, subtitles: {@code max-age} then ETag revalidation; playlists, manifests and everything
     * else: {@code no-cache} (always revalidate: a live or re-run playlist changes). {@code shared} (signed URLs)
     * allows CDNs ({@code public}); API-key requests are {@code private}.
     */
    public static String cacheControl(String path, boolean shared, Duration maxAge) {
        String scope = shared ? "public" : "private";
        if (STABLE.contains(extension(path))) {
            return scope + ", max-age=" + maxAge.toSeconds();
        }
        return scope + ", no-cache";
    }
}
