package io.reelpipe.ingest.sse;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.job.JobQueryService;
import io.reelpipe.ingest.job.JobView;
import io.reelpipe.ingest.web.Tenants;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/jobs/{id}/events}: the job's Redis Stream ({@code rp:job:{id}:stream}) as Server-Sent Events. The
 * backlog after {@code Last-Event-ID} (header, or {@code ?lastEventId=}) comes from XRANGE, then XREAD BLOCK tails the
 * stream on a connection of its own (blocking reads must not hold the shared one); a comment line is sent after each
 * empty read to keep proxies from closing the connection. Every event's {@code id} is the stream entry id, its
 * {@code event} the entry kind ({@code job}, {@code stage}, {@code progress}), its {@code data} the entry's fields as
 * JSON. The stream ends after the job's terminal event.
 */
@RestController
public class JobEventStream {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final RedisClient redis;
    private final JobQueryService queries;
    private final Tenants tenants;
    private final IngestProperties props;

    public JobEventStream(RedisClient redis, JobQueryService queries, Tenants tenants, IngestProperties props) {
        this.redis = redis;
        this.queries = queries;
        this.tenants = tenants;
        this.props = props;
    }

    @GetMapping(value = "/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> events(@PathVariable String id,
                                                @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                                @RequestParam(value = "lastEventId", required = false) String lastParam,
                                                @RequestHeader(value = Tenants.HEADER, required = false) String tenant) {
        String from = lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip()
                : lastParam != null && !lastParam.isBlank() ? lastParam.strip() : null;
        if (from != null && !from.matches("\\d+-\\d+")) {
            throw new io.reelpipe.ingest.web.ApiExceptions.BadRequest("Last-Event-ID must be an event id of this stream");
        }
        // resolve (and check the tenant) before the response starts: 404 stays a problem, not an empty stream
        return queries.job(id, tenants.resolve(tenant)).flatMapMany(job -> Flux.usingWhen(
                Mono.fromCallable(redis::connect).subscribeOn(Schedulers.boundedElastic()),
                conn -> stream(conn, id, from, job),
                conn -> Mono.fromRunnable(conn::closeAsync)));
    }

    private Flux<ServerSentEvent<String>> stream(StatefulRedisConnection<String, String> conn, String jobId, String from,
                                                 JobView job) {
        String key = RedisKeys.jobStream(jobId);
        AtomicReference<String> last = new AtomicReference<>(from == null ? "0-0" : from);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> lastJobState = new AtomicReference<>();
        Range<String> range = from == null ? Range.create("-", "+")
                : Range.from(Range.Boundary.excluding(from), Range.Boundary.unbounded());
        Flux<ServerSentEvent<String>> backlog = conn.reactive().xrange(key, range)
                .map(m -> toEvent(jobId, m, last, lastJobState, null));
        Flux<ServerSentEvent<String>> live = Mono.defer(() -> conn.reactive()
                        .xread(XReadArgs.Builder.block(props.getSse().getBlock()).count(100),
                                XReadArgs.StreamOffset.from(key, last.get()))
                        .collectList())
                .flatMapMany(list -> list.isEmpty()
                        ? Flux.just(ServerSentEvent.<String>builder().comment("keep-alive").build())
                        : Flux.fromIterable(list).map(m -> toEvent(jobId, m, last, lastJobState, done)))
                .repeat(() -> !done.get());
        return backlog.concatWith(Flux.defer(() -> {
            if (lastJobState.get() != null ? TERMINAL.contains(lastJobState.get())
                    : last.get().equals("0-0") && TERMINAL.contains(job.state())) {
                // ended (or its stream expired): nothing more will come
                if (last.get().equals("0-0")) {
                    return Flux.just(ServerSentEvent.<String>builder()
                            .event("job").data(WireFormat.writeString(Map.of("jobId", jobId, "kind", "job",
                                    "state", job.state()))).build());
                }
                return Flux.empty();
            }
            return live.takeUntil(e -> done.get());
        }));
    }

    private static ServerSentEvent<String> toEvent(String jobId, StreamMessage<String, String> m,
                                                   AtomicReference<String> last, AtomicReference<String> lastJobState,
                                                   AtomicBoolean done) {
        last.set(m.getId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", jobId);
        data.putAll(m.getBody());
        String kind = m.getBody().getOrDefault("kind", "stage");
        if ("job".equals(kind)) {
            String state = m.getBody().get("state");
            lastJobState.set(state);
            if (done != null && TERMINAL.contains(state)) {
                done.set(true);
            }
        }
        return ServerSentEvent.<String>builder().id(m.getId()).event(kind).data(WireFormat.writeString(data)).build();
    }

    static boolean terminal(List<String> states) {
        return states.stream().anyMatch(TERMINAL::contains);
    }
}
