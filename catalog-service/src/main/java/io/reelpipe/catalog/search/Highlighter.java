package io.reelpipe.catalog.search;

import io.reelpipe.catalog.document.AssetDocument;
import io.reelpipe.catalog.document.TextLanguage;
import io.reelpipe.catalog.index.CatalogSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Marks the query's words in a hit's texts with the index's own analyzers (so "charging" finds "charge", and Nori's
 * morphemes find "배달" in "배달해요"): the best transcript segment with its time, a keyword said in the ad with
 * its time, the title, the description, the on-screen text.
 */
final class Highlighter {

    static final int MAX_SNIPPET = 220;
    private final Analyzer analyzer;

    Highlighter(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    List<SearchResult.Highlight> highlight(AssetDocument d, String q) {
        List<SearchResult.Highlight> out = new ArrayList<>();
        if (q == null || q.isBlank()) {
            return out;
        }
        String plain = q.replaceAll("[\"+|*()~-]", " ");
        Set<String> en = terms(CatalogSchema.textField("transcript", "en"), plain);
        Set<String> ko = terms(CatalogSchema.textField("transcript", "ko"), plain);
        String segLang = d.transcriptLanguage() == null ? TextLanguage.EN : d.transcriptLanguage();
        SearchResult.Highlight best = null;
        int bestCount = 0;
        for (AssetDocument.Segment s : d.segments()) {
            Marked m = mark("transcript", segLang, s.text(), en, ko);
            if (m.count > bestCount) {
                bestCount = m.count;
                best = new SearchResult.Highlight("transcript", m.snippet, s.start(), s.end());
            }
        }
        if (best != null) {
            out.add(best);
        }
        for (AssetDocument.Keyword k : d.keywords()) {
            Marked m = mark("keywords", null, k.keyword(), en, ko);
            if (m.count > 0) {
                AssetDocument.Range r = k.ranges().isEmpty() ? null : k.ranges().get(0);
                out.add(new SearchResult.Highlight("keywords", m.snippet, r == null ? null : r.start(),
                        r == null ? null : r.end()));
                break;
            }
        }
        addIfMarked(out, "title", d.title(), en, ko);
        addIfMarked(out, "description", d.description(), en, ko);
        addIfMarked(out, "ocr", d.onScreenText(), en, ko);
        return out;
    }

    private void addIfMarked(List<SearchResult.Highlight> out, String field, String text, Set<String> en,
                             Set<String> ko) {
        if (text == null) {
            return;
        }
        Marked m = mark(field, null, text, en, ko);
        if (m.count > 0) {
            out.add(new SearchResult.Highlight(field, m.snippet, null, null));
        }
    }

    private record Marked(String snippet, int count) {
    }

    private Marked mark(String field, String language, String text, Set<String> en, Set<String> ko) {
        String lang = language != null ? language : TextLanguage.detect(text);
        Set<String> wanted = TextLanguage.KO.equals(lang) ? ko : en;
        List<int[]> spans = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream(CatalogSchema.textField(field, lang), text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                if (wanted.contains(t)) {
                    distinct.add(t);
                    int[] span = {off.startOffset(), off.endOffset()};
                    if (!spans.isEmpty() && spans.get(spans.size() - 1)[1] >= span[0]) {
                        spans.get(spans.size() - 1)[1] = Math.max(span[1], spans.get(spans.size() - 1)[1]);
                    } else {
                        spans.add(span);
                    }
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (spans.isEmpty()) {
            return new Marked(null, 0);
        }
        int from = 0;
        int to = text.length();
        if (to > MAX_SNIPPET) {
            from = Math.max(0, spans.get(0)[0] - MAX_SNIPPET / 3);
            to = Math.min(text.length(), from + MAX_SNIPPET);
        }
        StringBuilder sb = new StringBuilder(from > 0 ? "…" : "");
        int at = from;
        for (int[] s : spans) {
            if (s[0] < from || s[1] > to) {
                continue;
            }
            sb.append(escape(text.substring(at, s[0]))).append("<em>").append(escape(text.substring(s[0], s[1])))
                    .append("</em>");
            at = s[1];
        }
        sb.append(escape(text.substring(at, to))).append(to < text.length() ? "…" : "");
        return new Marked(sb.toString(), distinct.size());
    }

    private Set<String> terms(String field, String q) {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, q)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
