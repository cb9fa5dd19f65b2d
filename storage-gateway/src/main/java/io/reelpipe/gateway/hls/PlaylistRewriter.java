package io.reelpipe.gateway.hls;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the URIs of an HLS playlist (media lines and {@code URI="…"} attributes of tags such as
 * {@code EXT-X-MEDIA}, {@code EXT-X-MAP}, {@code EXT-X-I-FRAME-STREAM-INF}). Each relative URI is resolved against
 * the playlist's own path inside the asset and handed to {@code sign} (asset-relative path → new URI). Absolute URIs
 * ({@code https:…}, {@code /…}) and URIs that climb out of the asset stay as they are.
 */
public final class PlaylistRewriter {

    private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private PlaylistRewriter() {
    }

    /**
     * @param playlist     the text
     * @param playlistPath the playlist's asset-relative path, e.g. {@code transcode/hls/master.m3u8}
     * @param sign         asset-relative path → URI to write (return null to keep the original)
     */
    public static String rewrite(String playlist, String playlistPath, Function<String, String> sign) {
        String dir = playlistPath.contains("/") ? playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1) : "";
        StringBuilder out = new StringBuilder(playlist.length() + 256);
        String[] lines = playlist.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (t.isEmpty()) {
                out.append(line);
            } else if (t.startsWith("#")) {
                Matcher m = URI_ATTR.matcher(line);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(sb, Matcher.quoteReplacement("URI=\"" + one(m.group(1), dir, sign) + "\""));
                }
                m.appendTail(sb);
                out.append(sb);
            } else {
                out.append(one(t, dir, sign));
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String one(String uri, String dir, Function<String, String> sign) {
        if (uri.isEmpty() || uri.startsWith("/") || SCHEME.matcher(uri).find()) {
            return uri;
        }
        String path = uri;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int h = path.indexOf('#');
        if (h >= 0) {
            path = path.substring(0, h);
        }
        String resolved = resolve(dir + path);
        if (resolved == null) {
            return uri;
        }
        String signed = sign.apply(resolved);
        return signed == null ? uri : signed;
    }

    /** Removes {@code .} and {@code ..} segments; null when the path climbs above the asset. */
    static String resolve(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(seg);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
