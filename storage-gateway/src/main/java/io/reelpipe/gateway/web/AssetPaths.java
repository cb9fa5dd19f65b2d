package io.reelpipe.gateway.web;

import io.reelpipe.pipeline.storage.ObjectKeys;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Turns the {@code {assetId}} and {@code {*path}} of a request into an object key, through {@link ObjectKeys} only.
 * A path is refused (400) before any key is built when it is empty, longer than 512 characters, absolute, holds
 * {@code .}/{@code ..}/empty segments, NUL or other control characters, backslashes, or is not Unicode NFC; then
 * {@link ObjectKeys} refuses anything but its safe ASCII segments. An asset id that cannot name an asset is 404.
 */
public final class AssetPaths {

    public static final int MAX_PATH = 512;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private AssetPaths() {
    }

    /** A checked request: the relative path (no leading slash) and its key. */
    public record Target(String tenant, String assetId, String path, String key) {
    }

    public static void checkAssetId(String assetId) {
        if (assetId == null || !ID.matcher(assetId).matches() || assetId.contains("..")) {
            throw GatewayException.notFound("no asset '" + safe(assetId) + "'");
        }
    }

    /** {@code rawPath} as captured by {@code {*path}} (decoded, with its leading slash). */
    public static Target resolve(String tenant, String assetId, String rawPath) {
        checkAssetId(assetId);
        String path = normalise(rawPath);
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw GatewayException.badRequest("the file path must be '<stage>/<file>', e.g. 'transcode/hls/master.m3u8'");
        }
        try {
            String key = ObjectKeys.stageOutput(tenant, assetId, path.substring(0, slash), path.substring(slash + 1));
            return new Target(tenant, assetId, path, key);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("the file path '" + safe(path) + "' is not a stored file name (letters, "
                    + "digits, '.', '_' and '-' per segment; original file names are kept as metadata only)");
        }
    }

    /** The path without its leading slash, or a 400. */
    static String normalise(String rawPath) {
        if (rawPath == null) {
            throw GatewayException.badRequest("a file path is required");
        }
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.isEmpty()) {
            throw GatewayException.badRequest("a file path is required");
        }
        if (p.length() > MAX_PATH) {
            throw GatewayException.badRequest("the file path is longer than " + MAX_PATH + " characters");
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw GatewayException.badRequest("the file path contains a control character");
            }
            if (c == '\\') {
                throw GatewayException.badRequest("the file path contains a backslash");
            }
        }
        if (p.startsWith("/")) {
            throw GatewayException.badRequest("the file path must be relative to the asset");
        }
        if (!Normalizer.isNormalized(p, Normalizer.Form.NFC)) {
            throw GatewayException.badRequest("the file path is not Unicode NFC");
        }
        for (String seg : p.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw GatewayException.badRequest("the file path has an empty, '.' or '..' segment");
            }
        }
        return p;
    }

    /** For messages: at most 80 printable characters. */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\p{Cntrl}\\\\\"]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
