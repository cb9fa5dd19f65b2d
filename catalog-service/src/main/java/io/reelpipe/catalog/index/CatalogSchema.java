package io.reelpipe.catalog.index;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.facet.FacetsConfig;

/**
 * The index mapping in one place: field names, which analyzer each text field gets (every text field exists twice,
 * {@code <name>.en} analysed by Lucene's English analyzer and {@code <name>.ko} by Nori; a document fills the one of
 * its text's language), query weights, facet dimensions. Raise {@link #VERSION} with any change here: replicas with an
 * older index rebuild themselves from storage at start.
 */
public final class CatalogSchema {

    /** Stored with every commit; an index of another version is rebuilt. */
    public static final int VERSION = 1;

    public static final String KEY = "key";
    public static final String TENANT = "tenant";
    public static final String ASSET = "asset";
    public static final String SOURCE = "_source";
    public static final String VECTOR = "vec";
    public static final String STORED_VECTOR = "_vec";
    public static final String CREATED = "created";
    public static final String DURATION_MS = "duration_ms";
    /** Exact-match filter fields: {@code f.<facet dimension>}. */
    public static final String FILTER_PREFIX = "f.";

    /** The embedding model whose vectors the index holds, and their size. */
    public static final String VECTOR_MODEL = "all-MiniLM-L6-v2";
    public static final int VECTOR_DIMENSION = 384;

    public static final List<String> LANGUAGES = List.of("en", "ko");

    /** Text fields and their weight in keyword queries. */
    public static final Map<String, Float> TEXT_FIELDS;

    static {
        Map<String, Float> m = new LinkedHashMap<>();
        m.put("title", 3.0f);
        m.put("tags", 2.5f);
        m.put("keywords", 2.0f);
        m.put("description", 1.5f);
        m.put("filename", 1.0f);
        m.put("transcript", 1.0f);
        m.put("captions", 0.7f);
        m.put("ocr", 1.0f);
        TEXT_FIELDS = java.util.Collections.unmodifiableMap(m);
    }

    /** Facet dimensions (also filter fields {@code f.<dim>}). */
    public static final String DIM_TAGS = "tags";
    public static final String DIM_LANGUAGE = "language";
    public static final String DIM_ORIENTATION = "orientation";
    public static final String DIM_DURATION = "duration";
    public static final String DIM_CAPTIONS = "hasCaptions";
    public static final String DIM_PIPELINE = "pipeline";
    public static final List<String> DIMENSIONS = List.of(DIM_TAGS, DIM_LANGUAGE, DIM_ORIENTATION, DIM_DURATION,
            DIM_CAPTIONS, DIM_PIPELINE);

    private CatalogSchema() {
    }

    public static String textField(String name, String language) {
        return name + "." + ("ko".equals(language) ? "ko" : "en");
    }

    /** Nori for {@code *.ko}, the English analyzer for everything else. */
    public static Analyzer analyzer() {
        Analyzer en = new EnglishAnalyzer();
        Analyzer ko = new KoreanAnalyzer();
        Map<String, Analyzer> perField = new LinkedHashMap<>();
        for (String f : TEXT_FIELDS.keySet()) {
            perField.put(textField(f, "ko"), ko);
            perField.put(textField(f, "en"), en);
        }
        return new PerFieldAnalyzerWrapper(en, perField);
    }

    public static FacetsConfig facets() {
        FacetsConfig c = new FacetsConfig();
        c.setMultiValued(DIM_TAGS, true);
        c.setMultiValued(DIM_LANGUAGE, true);
        return c;
    }
}
