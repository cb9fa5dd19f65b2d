package io.reelpipe.keyword.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class BatchingEmbedderTest {

    /** Embeds a text as [length, index-in-forward-pass]; records each forward pass's size. */
    static class Recording implements SentenceEmbedder {
        final List<Integer> passes = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public float[][] embed(List<String> texts) {
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            passes.add(texts.size());
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[] {texts.get(i).length(), i};
            }
            return out;
        }

        @Override
        public EmbedderInfo info() {
            return new EmbedderInfo("fake", "fake", "cpu()", 2);
        }
    }

    @Test
    void concurrentRequestsShareOneForwardPassAndGetTheirOwnRows() {
        Recording model = new Recording();
        try (BatchingEmbedder b = new BatchingEmbedder(model, 16, Duration.ofMillis(200))) {
            Flux<float[][]> all = Flux.range(0, 8)
                    .flatMap(i -> b.embed(List.of("x".repeat(i + 1), "y".repeat(10 + i))), 8);
            StepVerifier.create(all.collectList())
                    .assertNext(results -> {
                        assertThat(results).hasSize(8);
                        for (float[][] r : results) {
                            assertThat(r).hasNumberOfRows(2);
                            // the second text of each request is 9 chars longer than its first
                            assertThat(r[1][0] - r[0][0]).isEqualTo(9f);
                        }
                    })
                    .verifyComplete();
            assertThat(model.passes).containsExactly(16);
            assertThat(b.stats().forwardPasses()).isEqualTo(1);
            assertThat(b.stats().largestBatch()).isEqualTo(8);
        }
    }

    @Test
    void maxBatchSplitsForwardPasses() {
        Recording model = new Recording();
        try (BatchingEmbedder b = new BatchingEmbedder(model, 3, Duration.ofMillis(200))) {
            StepVerifier.create(Flux.range(0, 7).flatMap(i -> b.embed(List.of("t" + i)), 7).count())
                    .expectNext(7L)
                    .verifyComplete();
            assertThat(model.passes).containsExactly(3, 3, 1);
        }
    }

    @Test
    void aLoneRequestWaitsAtMostMaxWait() {
        Recording model = new Recording();
        try (BatchingEmbedder b = new BatchingEmbedder(model, 16, Duration.ofMillis(50))) {
            long t0 = System.nanoTime();
            StepVerifier.create(b.embed(List.of("alone")))
                    .assertNext(r -> assertThat(r).hasNumberOfRows(1))
                    .verifyComplete();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isGreaterThanOrEqualTo(45).isLessThan(2_000);
            assertThat(model.passes).containsExactly(1);
        }
    }

    @Test
    void requestsQueuedWhileTheModelIsBusyGoTogetherWithoutWaiting() throws Exception {
        Recording model = new Recording();
        model.gate = new CountDownLatch(1);
        try (BatchingEmbedder b = new BatchingEmbedder(model, 16, Duration.ofMillis(1))) {
            Mono<float[][]> first = b.embed(List.of("first")).cache();
            first.subscribe();
            Thread.sleep(50); // the first pass is now blocked inside the model
            List<Mono<float[][]>> later = List.of(b.embed(List.of("a")).cache(), b.embed(List.of("b")).cache(),
                    b.embed(List.of("c")).cache());
            Flux.merge(later).subscribe();
            Thread.sleep(50);
            model.gate.countDown();
            StepVerifier.create(Flux.merge(later).count()).expectNext(3L).verifyComplete();
            assertThat(model.passes).containsExactly(1, 3);
        }
    }

    @Test
    void modelErrorsReachEveryCallerOfThatPass() {
        SentenceEmbedder broken = new Recording() {
            @Override
            public float[][] embed(List<String> texts) {
                throw new IllegalStateException("boom");
            }
        };
        try (BatchingEmbedder b = new BatchingEmbedder(broken, 4, Duration.ofMillis(20))) {
            StepVerifier.create(b.embed(List.of("x"))).expectErrorMessage("boom").verify(Duration.ofSeconds(5));
        }
    }
}
