package io.reelpipe.catalog.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.catalog.document.AssetDocument;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index's schema version: kept with each commit, an index without it or of another version starts empty. */
class CatalogIndexTest {

    static AssetDocument doc(String id) {
        return new AssetDocument("acme", id, "Title " + id, null, List.of("cars"), null, null, Instant.EPOCH,
                Instant.EPOCH, List.of(), null, null, null, List.of(), null, List.of(), null, 20.0, 1920, 1080, null,
                null, List.of("en"), false, null, null);
    }

    @Test
    void aRebuiltIndexIsReopenedAsIsAnUnfinishedOrOlderOneIsReset(@TempDir Path dir) throws Exception {
        try (CatalogIndex fresh = CatalogIndex.open(dir)) {
            assertThat(fresh.needsRebuild()).isTrue();
            fresh.upsert(doc("a"));
            fresh.commit(); // not rebuilt yet: this commit carries no schema version
        }
        try (CatalogIndex again = CatalogIndex.open(dir)) {
            assertThat(again.needsRebuild()).as("a rebuild that never finished is redone").isTrue();
            assertThat(again.documents()).isZero();
            again.upsert(doc("a"));
            again.upsert(doc("a")); // an upsert, not a second document
            again.markRebuilt(Instant.parse("2026-12-01T00:00:00Z"));
        }
        try (CatalogIndex kept = CatalogIndex.open(dir)) {
            assertThat(kept.needsRebuild()).isFalse();
            assertThat(kept.documents()).isEqualTo(1);
            assertThat(kept.rebuiltAt()).isEqualTo("2026-12-01T00:00:00Z");
            assertThat(kept.get("acme", "a")).hasValueSatisfying(d -> assertThat(d.title()).isEqualTo("Title a"));
            assertThat(kept.get("globex", "a")).isEmpty();
        }
        // an index written by an older schema
        try (var d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
            w.setLiveCommitData(Map.of(CatalogIndex.SCHEMA_KEY, "0").entrySet());
            w.commit();
        }
        try (CatalogIndex older = CatalogIndex.open(dir)) {
            assertThat(older.needsRebuild()).isTrue();
            assertThat(older.documents()).isZero();
        }
    }
}
