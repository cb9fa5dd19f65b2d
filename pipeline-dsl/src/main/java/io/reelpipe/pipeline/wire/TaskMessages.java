package io.reelpipe.pipeline.wire;

import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.model.StageDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns tasks and events into Kafka records: topic, key (the jobId), JSON value and headers. */
public final class TaskMessages {

    private TaskMessages() {
    }

    /** The record that carries {@code task} to its filter's topic. */
    public static OutboundMessage task(StageTask task) {
        Map<String, String> h = new LinkedHashMap<>();
        if (task.traceparent() != null) {
            h.put(Headers.TRACEPARENT, task.traceparent());
        }
        h.put(Headers.JOB, task.jobId());
        h.put(Headers.STAGE, task.stage());
        h.put(Headers.FILTER, task.filter());
        h.put(Headers.ATTEMPT, Integer.toString(task.attempt()));
        StageDefinition.Priority priority = task.pipeline().requireStage(task.stage()).effectivePriority();
        h.put(Headers.PRIORITY, priority.name());
        String topic = priority == StageDefinition.Priority.HIGH ? Topics.stageHigh(task.filter()) : Topics.stage(task.filter());
        return new OutboundMessage(topic, task.jobId(), WireFormat.write(task), h);
    }

    /**
     * The record that offers a part of a running stage's shared work ({@link StageTask#part()} set) on the stage's
     * topic. Its key is {@code jobId/workId/part}, not the jobId: parts of one job must spread over partitions, or
     * they would all reach the instance that is already busy with the stage.
     */
    public static OutboundMessage part(StageTask task) {
        TaskPart part = java.util.Objects.requireNonNull(task.part(), "not a part task");
        OutboundMessage m = task(task);
        Map<String, String> h = new LinkedHashMap<>(m.headers());
        h.put(Headers.PART, part.workId() + "/" + part.name());
        return new OutboundMessage(m.topic(), task.jobId() + "/" + part.workId() + "/" + part.name(), m.value(), h);
    }

    /** The record that carries {@code event} to {@code reelpipe.events}. */
    public static OutboundMessage event(StageEvent event, String traceparent) {
        Map<String, String> h = new LinkedHashMap<>();
        if (traceparent != null) {
            h.put(Headers.TRACEPARENT, traceparent);
        }
        h.put(Headers.EVENT_TYPE, event.getClass().getSimpleName());
        h.put(Headers.EVENT_ID, event.eventId());
        String key = event instanceof StageEvent.AssetDeleted a ? a.assetId() : event.jobId();
        return new OutboundMessage(Topics.EVENTS, key, WireFormat.writeEvent(event), h);
    }
}
