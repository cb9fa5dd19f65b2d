package io.reelpipe.pipeline.bus;

import java.util.Map;

/** A consumed record; the offset travels with it and is committed after {@link #ack()}. */
public interface ReceivedMessage {
    String topic();

    int partition();

    long offset();

    String key();

    byte[] value();

    Map<String, String> headers();

    /** Marks the record processed: its outputs and events are written. */
    void ack();
}
