package io.reelpipe.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.pipeline.model.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRegistryTest {

    @Test
    void shipsAdStandardWithEveryFilter() {
        List<PipelineRegistry.Shipped> shipped = new PipelineRegistry(null, new IngestProperties()).shipped();
        assertThat(shipped).extracting(s -> s.pipeline().name()).contains("ad-standard");
        Pipeline p = shipped.stream().filter(s -> s.pipeline().name().equals("ad-standard")).findFirst().orElseThrow()
                .pipeline();
        assertThat(p.version()).isPositive();
        assertThat(p.roots()).extracting(s -> s.name()).containsExactlyInAnyOrder("thumbnail", "transcode", "subtitle", "ocr");
        assertThat(p.requireStage("keyword").needs()).containsExactly("subtitle", "ocr");
        assertThat(p.requireStage("thumbnail").filter()).isEqualTo("thumbnail");
        assertThat(p.requireStage("thumbnail").with()).containsEntry("poster", "auto");
    }
}
