package io.reelpipe.pipeline.storage;

import java.util.regex.Pattern;

/**
 * The object key layout of DESIGN.md, in one place: no module builds keys by hand. Every segment is checked, so a
 * key is never built from raw user input (file names travel as metadata only).
 */
public final class ObjectKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ObjectKeys() {
    }

    /** {@code {tenant}/{assetId}/source/original} */
    public static String source(String tenant, String assetId) {
        return seg(tenant) + "/" + seg(assetId) + "/source/original";
    }

    /** {@code {tenant}/{assetId}/{stage}/} */
    public static String stagePrefix(String tenant, String assetId, String stage) {
        return seg(tenant) + "/" + seg(assetId) + "/" + seg(stage) + "/";
    }

    /** {@code {tenant}/{assetId}/{stage}/{relative}}; {@code relative} may contain '/' between safe segments. */
    public static String stageOutput(String tenant, String assetId, String stage, String relative) {
        StringBuilder sb = new StringBuilder(stagePrefix(tenant, assetId, stage));
        String[] parts = relative.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : "/").append(seg(parts[i]));
        }
        return sb.toString();
    }

    /** {@code {tenant}/{assetId}/{stage}/manifest.json} */
    public static String manifest(String tenant, String assetId, String stage) {
        return stagePrefix(tenant, assetId, stage) + "manifest.json";
    }

    /**
     * {@code {tenant}/{assetId}/asset.json}: the asset as ingest registered it (filename, title, tags, probe data),
     * written by ingest before the asset's first job, so read models built from storage alone know what it is.
     */
    public static String assetDescriptor(String tenant, String assetId) {
        return seg(tenant) + "/" + seg(assetId) + "/asset.json";
    }

    /** {@code {tenant}/{assetId}/} */
    public static String assetPrefix(String tenant, String assetId) {
        return seg(tenant) + "/" + seg(assetId) + "/";
    }

    static String seg(String s) {
        if (s == null || !SEGMENT.matcher(s).matches() || s.contains("..")) {
            throw new IllegalArgumentException("unsafe object key segment: " + (s == null ? "null" : "'" + s + "'"));
        }
        return s;
    }
}
