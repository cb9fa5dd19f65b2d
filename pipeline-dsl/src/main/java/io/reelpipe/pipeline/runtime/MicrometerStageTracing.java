package io.reelpipe.pipeline.runtime;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.reelpipe.pipeline.wire.Headers;
import io.reelpipe.pipeline.wire.StageTask;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link StageTracing} over Micrometer Tracing (OpenTelemetry bridge in Reelpipe's apps): continues the task's
 * {@code traceparent}, opens a consumer span {@code stage <filter>} with the job, stage, attempt and worker as tags,
 * and hands its context on in W3C form. Exported only where the app configures an exporter.
 */
public final class MicrometerStageTracing implements StageTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerStageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public StageTracing.Span start(StageTask task, String filter, String instanceId) {
        Map<String, String> in = new HashMap<>();
        if (W3c.valid(task.traceparent())) {
            in.put(Headers.TRACEPARENT, task.traceparent());
        }
        io.micrometer.tracing.Span.Builder b = in.isEmpty() ? tracer.spanBuilder() : propagator.extract(in, Map::get);
        io.micrometer.tracing.Span span = b.name("stage " + filter)
                .kind(io.micrometer.tracing.Span.Kind.CONSUMER)
                .tag("reelpipe.job", task.jobId())
                .tag("reelpipe.stage", task.stage())
                .tag("reelpipe.filter", filter)
                .tag("reelpipe.attempt", Integer.toString(task.attempt()))
                .tag("reelpipe.worker", instanceId)
                .start();
        Map<String, String> out = new HashMap<>();
        propagator.inject(span.context(), out, Map::put);
        String tp = out.get(Headers.TRACEPARENT);
        String traceparent = W3c.valid(tp) ? tp : W3c.child(task.traceparent());
        return new StageTracing.Span() {
            public String traceparent() {
                return traceparent;
            }

            public void end(String outcome, Throwable error) {
                span.tag("reelpipe.outcome", outcome);
                if (error != null) {
                    span.error(error);
                }
                span.end();
            }
        };
    }
}
