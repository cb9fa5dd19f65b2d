package io.reelpipe.pipeline.wire;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping for every wire message and manifest: lenient on unknown fields (forward compatible). */
public final class WireFormat {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WireFormat() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    /** Writes an event with its {@code type} discriminator, whatever its static type. */
    public static byte[] writeEvent(StageEvent event) {
        return MAPPER.writerFor(StageEvent.class).writeValueAsBytes(event);
    }

    public static StageEvent readEvent(byte[] json) {
        return MAPPER.readValue(json, StageEvent.class);
    }

    public static StageTask readTask(byte[] json) {
        return MAPPER.readValue(json, StageTask.class);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
