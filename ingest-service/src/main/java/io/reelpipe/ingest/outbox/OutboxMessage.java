package io.reelpipe.ingest.outbox;

import java.util.Map;

/**
 * A message waiting in the outbox.
 *
 * @param kind what the payload is ({@link #STAGE_TASK}), so the relay can do kind-specific work before sending
 */
public record OutboxMessage(long id, String kind, String topic, String key, byte[] payload, Map<String, String> headers) {

    /** A {@code StageTask} (WireFormat JSON) for {@code reelpipe.stage.<filter>}. */
    public static final String STAGE_TASK = "stage-task";

    public OutboxMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
