package io.reelpipe.pipeline.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.model.Pipeline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");
    static final Pipeline PIPELINE = Pipeline.named("fan").version(2)
            .stage("a", "alpha", Map.of("n", 3, "list", List.of("x", "y")))
            .stage("b", "beta", "a")
            .stage("c", "gamma", "a")
            .stage("d", "delta", Map.of(), "b", "c")
            .build();
    static final StageManifest MANIFEST = new StageManifest(StageManifest.SCHEMA_VERSION, "job-1", "asset-1", "acme", "a",
            "alpha", List.of(new OutputFile("poster.jpg", "acme/asset-1/a/poster.jpg", "image/jpeg", 1234,
            Map.of("width", 640, "height", 360))), Map.of("engine", "cpu", "ratio", 1.5), AT);

    static StageTask task() {
        return new StageTask(StageTask.SCHEMA_VERSION, "job-1", "asset-1", "acme", PIPELINE, "d", 2,
                new ObjectRef("reelpipe", "acme/asset-1/source/original", 99, "video/mp4", "etag"),
                Map.of("a", MANIFEST), Map.of("durationSeconds", 12.5, "streams", List.of(Map.of("codec", "h264"))),
                Map.of("filename", "clip.mp4"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", AT);
    }

    @Test
    void stageTaskRoundTrips() {
        StageTask t = task();
        byte[] json = WireFormat.write(t);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"schemaVersion\":1");
        StageTask back = WireFormat.readTask(json);
        assertThat(back).isEqualTo(t);
        assertThat(back.filter()).isEqualTo("delta");
        assertThat(back.pipeline().successorsOf("a")).extracting(s -> s.name()).containsExactly("b", "c");
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        String json = new String(WireFormat.write(task()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"futureField\":{\"x\":1},");
        assertThat(WireFormat.readTask(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(task());
    }

    static Stream<StageEvent> events() {
        int v = StageEvent.SCHEMA_VERSION;
        return Stream.of(
                new StageEvent.StageStarted(v, "job-1", "a", "alpha", 1, "host-1", AT),
                new StageEvent.StageCompleted(v, "job-1", "a", "alpha", 1, MANIFEST, AT),
                new StageEvent.StageFailed(v, "job-1", "a", "alpha", 3, "no audio", "x.Y", false, AT),
                new StageEvent.StageSkipped(v, "job-1", "d", "needs a", AT),
                new StageEvent.JobCompleted(v, "job-1", AT),
                new StageEvent.JobFailed(v, "job-1", "stage a failed: no audio", AT));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventRoundTripsWithItsTypeName(StageEvent e) {
        byte[] json = WireFormat.writeEvent(e);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"type\":\"" + e.getClass().getSimpleName() + "\"");
        StageEvent back = WireFormat.readEvent(json);
        assertThat(back).isEqualTo(e);
        assertThat(back.eventId()).isEqualTo(e.eventId());
        // the plain writer adds the discriminator too (annotation inherited from the sealed interface)
        assertThat(WireFormat.read(WireFormat.write(e), StageEvent.class)).isEqualTo(e);
    }

    @Test
    void taskMessageHasTopicKeyAndHeaders() {
        OutboundMessage m = TaskMessages.task(task());
        assertThat(m.topic()).isEqualTo("reelpipe.stage.delta");
        assertThat(m.key()).isEqualTo("job-1");
        assertThat(m.headers()).containsEntry(Headers.TRACEPARENT, task().traceparent())
                .containsEntry(Headers.STAGE, "d").containsEntry(Headers.ATTEMPT, "2");
        assertThat(WireFormat.readTask(m.value())).isEqualTo(task());
    }

    @Test
    void eventMessageGoesToEventsKeyedByJob() {
        StageEvent e = new StageEvent.JobCompleted(1, "job-9", AT);
        OutboundMessage m = TaskMessages.event(e, null);
        assertThat(m.topic()).isEqualTo(Topics.EVENTS);
        assertThat(m.key()).isEqualTo("job-9");
        assertThat(m.headers()).containsEntry(Headers.EVENT_ID, "job-9:job:completed");
    }
}
