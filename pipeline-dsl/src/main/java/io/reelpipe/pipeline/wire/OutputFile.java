package io.reelpipe.pipeline.wire;

import java.util.Map;

/**
 * One file a stage produced.
 *
 * @param name        path relative to the stage's folder, e.g. {@code poster.jpg} or {@code hls/720p/seg-0001.ts}
 * @param key         full object key
 * @param attributes  what a consumer needs without opening the file: width, height, time, duration, language…
 */
public record OutputFile(String name, String key, String contentType, long size, Map<String, Object> attributes) {
    public OutputFile {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
