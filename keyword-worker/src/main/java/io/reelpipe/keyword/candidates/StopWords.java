package io.reelpipe.keyword.candidates;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Stop words from the resource files {@code keyword/stopwords-en.txt} and {@code keyword/stopwords-ko.txt}
 * (one word a line, {@code #} starts a comment). Matching is on the lowercased surface form and on the normalised form.
 */
public final class StopWords {

    private final Set<String> words;

    private StopWords(Set<String> words) {
        this.words = Set.copyOf(words);
    }

    public static StopWords bundled() {
        Set<String> all = new HashSet<>();
        load("keyword/stopwords-en.txt", all);
        load("keyword/stopwords-ko.txt", all);
        return new StopWords(all);
    }

    public static StopWords of(Set<String> words) {
        return new StopWords(words);
    }

    public boolean contains(String lowercased) {
        return words.contains(lowercased);
    }

    public int size() {
        return words.size();
    }

    private static void load(String resource, Set<String> into) {
        try (InputStream in = StopWords.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String w = (hash >= 0 ? line.substring(0, hash) : line).trim().toLowerCase(Locale.ROOT);
                if (!w.isEmpty()) {
                    into.add(w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
