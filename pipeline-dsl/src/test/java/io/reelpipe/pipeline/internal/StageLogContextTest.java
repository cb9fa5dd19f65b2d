package io.reelpipe.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.pipeline.wire.StageTask;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A stage's ids follow its filter onto scheduler threads, and stay with it. */
class StageLogContextTest {

    @Test
    void idsFollowTheFilterAcrossSchedulersAndDoNotLeak() {
        StageLogContext.install();
        StageTask task = new StageTask(StageTask.SCHEMA_VERSION, "job-9", "asset-9", "acme", null, "transcode", 1,
                null, null, null, null, null, Instant.now());
        Mono<String> seen = StageLogContext.around(task, () ->
                Mono.fromCallable(() -> MDC.get(StageLogContext.JOB) + "/" + MDC.get(StageLogContext.STAGE))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(first -> Mono.fromCallable(() -> first + " then " + MDC.get(StageLogContext.JOB))
                                .subscribeOn(Schedulers.parallel())));
        assertThat(seen.block(Duration.ofSeconds(10))).isEqualTo("job-9/transcode then job-9");
        // neither the caller nor the pools keep the ids afterwards
        assertThat(MDC.get(StageLogContext.JOB)).isNull();
        for (int i = 0; i < 20; i++) {
            assertThat(Mono.fromCallable(() -> String.valueOf(MDC.get(StageLogContext.JOB)))
                    .subscribeOn(Schedulers.boundedElastic()).block(Duration.ofSeconds(10))).isEqualTo("null");
        }
    }
}
