package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.wire.StageTask;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The trace of one stage run: a child span of the task's W3C {@code traceparent} (the upload's trace), whose own
 * traceparent goes on to the successor tasks and the events the run publishes, so one upload is one trace across
 * ingest and every stage. With Micrometer Tracing on the classpath (the default: OpenTelemetry bridge) the span is a
 * real span named {@code stage <filter>}; {@link #w3c()} only keeps the context moving (new span id, same trace id).
 */
public interface StageTracing {

    /** Starts the span of one attempt of {@code task} run by {@code filter}. */
    Span start(StageTask task, String filter, String instanceId);

    /** A running stage span. */
    interface Span {
        /** The traceparent of this span: what successor tasks and events carry. */
        String traceparent();

        /** Ends the span with the outcome ({@code completed}, {@code failed}, {@code retry}, …) and error, if any. */
        void end(String outcome, Throwable error);
    }

    /** Propagation only: a new span id under the task's trace (or a new trace when the task has none). */
    static StageTracing w3c() {
        return W3c.INSTANCE;
    }

    /** W3C trace-context helpers. */
    final class W3c implements StageTracing {
        static final W3c INSTANCE = new W3c();
        private static final Pattern VALID =
                Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
        private static final SecureRandom RANDOM = new SecureRandom();

        private W3c() {
        }

        /** True for a well-formed {@code traceparent}. */
        public static boolean valid(String traceparent) {
            return traceparent != null && VALID.matcher(traceparent).matches();
        }

        /** The trace id of a traceparent, or null. */
        public static String traceId(String traceparent) {
            return valid(traceparent) ? traceparent.substring(3, 35) : null;
        }

        /** A child of {@code parent}: same trace id and flags, a new span id; a new sampled trace when invalid. */
        public static String child(String parent) {
            byte[] span = new byte[8];
            RANDOM.nextBytes(span);
            if (valid(parent)) {
                return "00-" + parent.substring(3, 35) + "-" + HexFormat.of().formatHex(span) + parent.substring(52);
            }
            byte[] trace = new byte[16];
            RANDOM.nextBytes(trace);
            return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
        }

        @Override
        public Span start(StageTask task, String filter, String instanceId) {
            String tp = child(task.traceparent());
            return new Span() {
                public String traceparent() {
                    return tp;
                }

                public void end(String outcome, Throwable error) {
                }
            };
        }
    }
}
