package io.reelpipe.ingest.tus;

import io.reelpipe.ingest.web.ApiExceptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Upload-Metadata}: comma-separated {@code key base64(value)} pairs (a key without value is allowed).
 * Known keys: {@code filename} (or {@code name}), {@code filetype} (or {@code type}, {@code contentType}),
 * {@code title}, {@code pipeline}, {@code tags} (comma-separated); every other key is a free-form tag that travels
 * to the workers as {@code StageTask.metadata}.
 */
final class TusMetadata {

    private static final int MAX_PAIRS = 64;
    private static final int MAX_VALUE = 4096;

    private TusMetadata() {
    }

    static Map<String, String> parse(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String pair : header.split(",")) {
            String p = pair.strip();
            if (p.isEmpty()) {
                continue;
            }
            int sp = p.indexOf(' ');
            String key = sp < 0 ? p : p.substring(0, sp);
            String value = "";
            if (sp >= 0) {
                try {
                    value = new String(Base64.getDecoder().decode(p.substring(sp + 1).strip()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new ApiExceptions.BadRequest("Upload-Metadata: the value of '" + key + "' is not base64");
                }
            }
            if (key.isEmpty() || key.length() > 128 || out.size() >= MAX_PAIRS) {
                throw new ApiExceptions.BadRequest("Upload-Metadata: unusable key or too many pairs");
            }
            out.put(key, value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value);
        }
        return out;
    }

    static String encode(Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder();
        metadata.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(k).append(' ').append(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        });
        return sb.toString();
    }

    static String filename(Map<String, String> m) {
        return first(m, "filename", "name");
    }

    static String contentType(Map<String, String> m) {
        return first(m, "filetype", "type", "contentType");
    }

    static String first(Map<String, String> m, String... keys) {
        for (String k : keys) {
            String v = m.get(k);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    /** The free-form tags: everything that is not a known key. */
    static Map<String, String> tags(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            switch (k) {
                case "filename", "name", "filetype", "type", "contentType", "title", "pipeline" -> {
                }
                default -> out.put(k, v);
            }
        });
        return out;
    }
}
