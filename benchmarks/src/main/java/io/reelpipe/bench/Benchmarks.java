package io.reelpipe.bench;

import io.reelpipe.bench.ingest.StatusApiBenchmark;
import io.reelpipe.bench.ingest.UploadBenchmark;
import io.reelpipe.bench.keyword.KeywordBenchmark;
import io.reelpipe.bench.media.StoryboardBenchmark;
import io.reelpipe.bench.media.TranscodeBenchmark;
import io.reelpipe.bench.micro.MicroBenchmark;
import io.reelpipe.bench.runtime.HopLatencyBenchmark;
import io.reelpipe.bench.runtime.ThroughputBenchmark;
import java.util.List;
import java.util.Optional;

/** Every benchmark, in the order {@code all} runs them. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static List<Benchmark> all() {
        return List.of(
                new MicroBenchmark(),
                new HopLatencyBenchmark(),
                new ThroughputBenchmark(),
                new StatusApiBenchmark(),
                new UploadBenchmark(),
                new TranscodeBenchmark(),
                new io.reelpipe.bench.runtime.SharedChunkingBenchmark(),
                new StoryboardBenchmark(),
                new KeywordBenchmark(),
                new io.reelpipe.bench.catalog.CatalogBenchmark(),
                new io.reelpipe.bench.ads.AdUnderstandingBenchmark());
    }

    public static Optional<Benchmark> byName(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
