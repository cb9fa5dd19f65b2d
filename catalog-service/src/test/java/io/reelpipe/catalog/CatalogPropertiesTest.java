package io.reelpipe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CatalogPropertiesTest {

    static CatalogProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props)).bindOrCreate("reelpipe.catalog",
                CatalogProperties.class);
    }

    @Test
    void workingDefaultsUnderTheTempDirAndAGroupPerReplica() {
        CatalogProperties d = bind(Map.of());
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        assertThat(d.indexDir()).isEqualTo(tmp.resolve("reelpipe-catalog").resolve("index"));
        assertThat(d.modelCacheDir()).isEqualTo(tmp.resolve("reelpipe-models"));
        assertThat(d.defaultMode()).isEqualTo("hybrid");
        assertThat(d.minSimilarity()).isEqualTo(0.2);
        assertThat(d.group()).startsWith("reelpipe.catalog.");
        CatalogProperties set = bind(Map.of("reelpipe.catalog.index-dir", "/data/catalog",
                "reelpipe.catalog.instance-id", "replica 2/eu"));
        assertThat(set.indexDir()).isEqualTo(Path.of("/data/catalog"));
        assertThat(set.group()).isEqualTo("reelpipe.catalog.replica-2-eu");
    }
}
