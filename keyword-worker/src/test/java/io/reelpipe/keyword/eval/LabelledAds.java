package io.reelpipe.keyword.eval;

import io.reelpipe.keyword.KeywordInput;
import io.reelpipe.keyword.Transcript;
import io.reelpipe.keyword.candidates.CandidateExtractor;
import io.reelpipe.keyword.candidates.Token;
import io.reelpipe.keyword.statistical.InMemoryDocumentFrequencies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** The labelled set {@code keywords/labelled-ads.jsonl}: short ad scripts with the keywords an editor would tag. */
public final class LabelledAds {

    /**
     * One labelled ad.
     *
     * @param split {@code dev} (the 33 original ads: defaults may be tuned on them) or {@code test} (held out: written
     *              before this round of tuning and never tuned on)
     */
    public record Ad(String id, String split, String title, String text, List<String> gold) {
        /** The script as a transcript without word times (source {@code script}), plus the title; no tags. */
        public KeywordInput input() {
            Transcript t = new Transcript(1, null, "script", "test", "none", text, List.of(), List.of(), null);
            return new KeywordInput(id, t, title, null, List.of());
        }
    }

    private LabelledAds() {
    }

    public static List<Ad> load() {
        JsonMapper json = JsonMapper.builder().build();
        List<Ad> ads = new ArrayList<>();
        try (var in = LabelledAds.class.getClassLoader().getResourceAsStream("keywords/labelled-ads.jsonl")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    ads.add(json.readValue(line, Ad.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ads;
    }

    /** The ads of one split ({@code dev} or {@code test}). */
    public static List<Ad> split(List<Ad> ads, String split) {
        return ads.stream().filter(a -> split.equals(a.split())).toList();
    }

    /** Corpus statistics of every ad except {@code except} (leave-one-out: "earlier transcripts"). */
    public static InMemoryDocumentFrequencies corpusWithout(List<Ad> ads, String except, CandidateExtractor ex) {
        InMemoryDocumentFrequencies df = new InMemoryDocumentFrequencies();
        for (Ad a : ads) {
            if (!a.id().equals(except)) {
                Set<String> words = new HashSet<>();
                for (String part : new String[] {a.title(), a.text()}) {
                    for (Token t : ex.tokenize(part)) {
                        if (!t.stop()) {
                            words.add(t.norm());
                        }
                    }
                }
                df.add(a.id(), words);
            }
        }
        return df;
    }

    // ---- matching rule ----

    /**
     * Words of a phrase for matching: split at anything that is not a letter, mark or digit (so "grain-free" =
     * "grain free"), each lowercased and normalised like candidates (English plural folding, Korean particles).
     */
    public static List<String> words(String phrase) {
        List<String> out = new ArrayList<>();
        for (String w : phrase.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{M}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(CandidateExtractor.normalize(w));
            }
        }
        return out;
    }

    /** Lenient: equal, or one phrase's words are a contiguous run inside the other's. */
    public static boolean matches(String predicted, String gold) {
        List<String> p = words(predicted);
        List<String> g = words(gold);
        if (p.isEmpty() || g.isEmpty()) {
            return false;
        }
        return p.equals(g) || Collections.indexOfSubList(p, g) >= 0 || Collections.indexOfSubList(g, p) >= 0;
    }

    /** Strict: the same words. */
    public static boolean exact(String predicted, String gold) {
        return words(predicted).equals(words(gold));
    }
}
