package io.reelpipe.pipeline.bus;

import java.util.Map;

/** A record ready to send: what an outbox row holds. */
public record OutboundMessage(String topic, String key, byte[] value, Map<String, String> headers) {
    public OutboundMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
