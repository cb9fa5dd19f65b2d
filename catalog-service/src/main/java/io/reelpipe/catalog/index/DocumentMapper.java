package io.reelpipe.catalog.index;

import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.document.TextLanguage;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/** {@link AssetDocument} ↔ Lucene document, per {@link CatalogSchema}. */
public final class DocumentMapper {

    private DocumentMapper() {
    }

    public static String key(String tenant, String assetId) {
        return tenant + "/" + assetId;
    }

    /** The Lucene document before {@code FacetsConfig.build}. */
    public static Document toLucene(AssetDocument d) {
        Document doc = new Document();
        doc.add(new StringField(CatalogSchema.KEY, key(d.tenant(), d.assetId()), Field.Store.NO));
        doc.add(new StringField(CatalogSchema.TENANT, d.tenant(), Field.Store.NO));
        doc.add(new StringField(CatalogSchema.ASSET, d.assetId(), Field.Store.YES));
        // the tie-breaker of every order, so equal scores or dates rank the same after a replay or a rebuild
        doc.add(new SortedDocValuesField(CatalogSchema.ASSET, new BytesRef(d.assetId())));
        String tags = String.join(" ; ", d.tags());
        text(doc, "title", d.title(), null);
        text(doc, "description", d.description(), null);
        text(doc, "tags", tags, null);
        text(doc, "filename", d.filename() == null ? null : d.filename().replaceAll("[_.\\-]+", " "), null);
        text(doc, "keywords", String.join(" ; ", d.keywords().stream().map(AssetDocument.Keyword::keyword).toList()),
                null);
        text(doc, "transcript", d.transcriptText(), d.transcriptLanguage());
        text(doc, "captions", d.captionText(), d.transcriptLanguage());
        text(doc, "ocr", d.onScreenText(), null);
        for (String t : d.tags()) {
            facet(doc, CatalogSchema.DIM_TAGS, t.toLowerCase(Locale.ROOT));
        }
        for (String l : d.languages()) {
            facet(doc, CatalogSchema.DIM_LANGUAGE, l);
        }
        facet(doc, CatalogSchema.DIM_ORIENTATION, d.orientation());
        facet(doc, CatalogSchema.DIM_DURATION, d.durationBucket());
        facet(doc, CatalogSchema.DIM_CAPTIONS, Boolean.toString(d.hasCaptions()));
        facet(doc, CatalogSchema.DIM_PIPELINE, d.pipeline());
        long created = d.createdAt() == null ? 0 : d.createdAt().toEpochMilli();
        doc.add(new LongPoint(CatalogSchema.CREATED, created));
        doc.add(new NumericDocValuesField(CatalogSchema.CREATED, created));
        long duration = d.durationSeconds() == null ? -1 : Math.round(d.durationSeconds() * 1000);
        doc.add(new LongPoint(CatalogSchema.DURATION_MS, duration));
        doc.add(new NumericDocValuesField(CatalogSchema.DURATION_MS, duration));
        if (hasUsableVector(d)) {
            doc.add(new KnnFloatVectorField(CatalogSchema.VECTOR, d.embedding(), VectorSimilarityFunction.DOT_PRODUCT));
            doc.add(new StoredField(CatalogSchema.STORED_VECTOR, new BytesRef(encode(d.embedding()))));
        }
        doc.add(new StoredField(CatalogSchema.SOURCE, new BytesRef(WireFormat.mapper().writeValueAsBytes(d))));
        return doc;
    }

    /** A vector of the index's model and size (another model's vectors would not be comparable). */
    public static boolean hasUsableVector(AssetDocument d) {
        return d.embedding() != null && d.embedding().length == CatalogSchema.VECTOR_DIMENSION
                && (d.embeddingModel() == null || CatalogSchema.VECTOR_MODEL.equalsIgnoreCase(d.embeddingModel()));
    }

    public static AssetDocument fromStored(Document stored) {
        BytesRef src = stored.getBinaryValue(CatalogSchema.SOURCE);
        AssetDocument d = WireFormat.mapper().readValue(src.bytes, src.offset, src.length, AssetDocument.class);
        BytesRef vec = stored.getBinaryValue(CatalogSchema.STORED_VECTOR);
        return vec == null ? d : d.withEmbedding(decode(vec), d.embeddingModel());
    }

    private static void text(Document doc, String field, String value, String language) {
        if (value == null || value.isBlank()) {
            return;
        }
        String lang = language != null ? language : TextLanguage.detect(value);
        doc.add(new TextField(CatalogSchema.textField(field, lang), value, Field.Store.NO));
    }

    private static void facet(Document doc, String dim, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        doc.add(new SortedSetDocValuesFacetField(dim, value));
        doc.add(new StringField(CatalogSchema.FILTER_PREFIX + dim, value, Field.Store.NO));
    }

    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static float[] decode(BytesRef r) {
        ByteBuffer b = ByteBuffer.wrap(r.bytes, r.offset, r.length).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[r.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
