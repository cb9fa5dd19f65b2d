package io.reelpipe.catalog.index;

import io.reelpipe.catalog.document.AssetDocument;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's Lucene index: one writer, near-real-time searchers ({@link #refresh()}), durable commits that carry
 * the schema version ({@link #commit()}). Opening an index that is missing or of another {@link CatalogSchema#VERSION}
 * starts an empty one and reports {@link #needsRebuild()}. Writes are idempotent upserts by {@code tenant/assetId}.
 */
public final class CatalogIndex implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(CatalogIndex.class);
    static final String SCHEMA_KEY = "reelpipe.catalog.schema";
    static final String REBUILT_KEY = "reelpipe.catalog.rebuiltAt";

    private final Path path;
    private final Directory dir;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final FacetsConfig facets = CatalogSchema.facets();
    private final boolean needsRebuild;
    /** Until a rebuild completes, commits carry no schema version: a crash or failed rebuild rebuilds again. */
    private volatile boolean rebuildPending;
    private volatile String rebuiltAt;

    private CatalogIndex(Path path, Directory dir, IndexWriter writer, boolean needsRebuild, String rebuiltAt)
            throws IOException {
        this.path = path;
        this.dir = dir;
        this.writer = writer;
        this.needsRebuild = needsRebuild;
        this.rebuildPending = needsRebuild;
        this.rebuiltAt = rebuiltAt;
        this.searchers = new SearcherManager(writer, null);
    }

    public static CatalogIndex open(Path path) {
        try {
            Files.createDirectories(path);
            Directory dir = FSDirectory.open(path);
            String found = null;
            String rebuilt = null;
            if (DirectoryReader.indexExists(dir)) {
                Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
                found = data.get(SCHEMA_KEY);
                rebuilt = data.get(REBUILT_KEY);
            }
            boolean current = Integer.toString(CatalogSchema.VERSION).equals(found);
            IndexWriterConfig cfg = new IndexWriterConfig(CatalogSchema.analyzer())
                    .setOpenMode(current ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(64);
            IndexWriter writer = new IndexWriter(dir, cfg);
            if (!current) {
                log.info("event=index_reset path={} found_schema={} schema={}", path, found, CatalogSchema.VERSION);
            }
            CatalogIndex index = new CatalogIndex(path, dir, writer, !current, current ? rebuilt : null);
            if (!current) {
                index.commit();
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the catalog index at " + path, e);
        }
    }

    /** True when this index was started empty (missing or of an older schema): the caller rebuilds it. */
    public boolean needsRebuild() {
        return needsRebuild;
    }

    public Path path() {
        return path;
    }

    /** When the last rebuild from storage finished (ISO instant), null when never. */
    public String rebuiltAt() {
        return rebuiltAt;
    }

    public void upsert(AssetDocument d) {
        try {
            Document doc = facets.build(DocumentMapper.toLucene(d));
            writer.updateDocument(new Term(CatalogSchema.KEY, DocumentMapper.key(d.tenant(), d.assetId())), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String tenant, String assetId) {
        try {
            writer.deleteDocuments(new Term(CatalogSchema.KEY, DocumentMapper.key(tenant, assetId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteAll() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes everything written so far durable, with the schema version (and the rebuild time once rebuilt). */
    public synchronized void commit() {
        try {
            Map<String, String> data = new HashMap<>();
            if (!rebuildPending) {
                data.put(SCHEMA_KEY, Integer.toString(CatalogSchema.VERSION));
            }
            if (rebuiltAt != null) {
                data.put(REBUILT_KEY, rebuiltAt);
            }
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void markRebuilt(Instant at) {
        rebuiltAt = at.toString();
        rebuildPending = false;
        commit();
    }

    /** Makes writes searchable (near-real-time; no fsync). */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} on a current searcher, released afterwards. */
    public <T> T withSearcher(SearcherWork<T> work) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return work.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored document of an asset of {@code tenant}. */
    public Optional<AssetDocument> get(String tenant, String assetId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(CatalogSchema.KEY, DocumentMapper.key(tenant, assetId))), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            ScoreDoc sd = top.scoreDocs[0];
            return Optional.of(DocumentMapper.fromStored(s.storedFields().document(sd.doc)));
        });
    }

    /** Whether the (refreshed) index holds a document of this asset. */
    public boolean contains(String tenant, String assetId) {
        return withSearcher(s -> s.count(new TermQuery(new Term(CatalogSchema.KEY,
                DocumentMapper.key(tenant, assetId)))) > 0);
    }

    public int documents() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    /** Bytes on disk. */
    public long sizeBytes() {
        try (var files = Files.list(path)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            commit();
            searchers.close();
            writer.close();
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    public interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
