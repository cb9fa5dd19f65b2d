package io.reelpipe.catalog.search;

import io.reelpipe.catalog.index.CatalogSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/** Facet counts per {@link CatalogSchema#DIMENSIONS} over every document a query matches. */
final class FacetCounter {

    static final int TOP = 20;
    private volatile IndexReader stateReader;
    private volatile SortedSetDocValuesReaderState state;

    Map<String, List<SearchResult.FacetCount>> count(IndexSearcher s, Query matching) throws IOException {
        Map<String, List<SearchResult.FacetCount>> out = new LinkedHashMap<>();
        SortedSetDocValuesReaderState st = state(s.getIndexReader());
        if (st == null) {
            return out;
        }
        return count(s, s.search(matching, new FacetsCollectorManager()));
    }

    /** Counts over what {@code fc} collected (a search that ranked and collected facets in one pass). */
    Map<String, List<SearchResult.FacetCount>> count(IndexSearcher s, FacetsCollector fc) throws IOException {
        Map<String, List<SearchResult.FacetCount>> out = new LinkedHashMap<>();
        SortedSetDocValuesReaderState st = state(s.getIndexReader());
        if (st == null) {
            return out;
        }
        Facets counts = new SortedSetDocValuesFacetCounts(st, fc);
        for (String dim : CatalogSchema.DIMENSIONS) {
            List<SearchResult.FacetCount> values = new ArrayList<>();
            try {
                FacetResult r = counts.getTopChildren(TOP, dim);
                if (r != null) {
                    for (LabelAndValue lv : r.labelValues) {
                        values.add(new SearchResult.FacetCount(lv.label, lv.value.longValue()));
                    }
                }
            } catch (IllegalArgumentException e) {
                // no document of this index has the dimension yet
            }
            out.put(dim, values);
        }
        return out;
    }

    /** The ordinal state of this reader, built once per reader (refresh). Null while no document has a facet. */
    private SortedSetDocValuesReaderState state(IndexReader reader) throws IOException {
        if (stateReader != reader) {
            synchronized (this) {
                if (stateReader != reader) {
                    SortedSetDocValuesReaderState st;
                    try {
                        st = new DefaultSortedSetDocValuesReaderState(reader, CatalogSchema.facets());
                    } catch (IllegalArgumentException e) {
                        st = null;
                    }
                    state = st;
                    stateReader = reader;
                }
            }
        }
        return state;
    }

    /** A sorted (string) doc value of one top-level doc id ("" when absent). */
    static String sorted(IndexSearcher s, String field, int doc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        org.apache.lucene.index.SortedDocValues v = leaf.reader().getSortedDocValues(field);
        return v != null && v.advanceExact(doc - leaf.docBase) ? v.lookupOrd(v.ordValue()).utf8ToString() : "";
    }

    /** A numeric doc value of one top-level doc id (0 when absent). */
    static long numeric(IndexSearcher s, String field, int doc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        NumericDocValues v = leaf.reader().getNumericDocValues(field);
        return v != null && v.advanceExact(doc - leaf.docBase) ? v.longValue() : 0;
    }
}
