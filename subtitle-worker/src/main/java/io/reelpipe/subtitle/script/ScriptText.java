package io.reelpipe.subtitle.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The uploader's script split into sentences and words. Sentences end at {@code . ! ? …} followed by a space, and at
 * line breaks (scripts are often one line per shot). Words keep their punctuation for display.
 */
public record ScriptText(List<List<String>> sentences) {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…][\"'”’)\\]]?)\\s+");

    public ScriptText {
        sentences = sentences.stream().map(List::copyOf).toList();
    }

    public static ScriptText parse(String script) {
        List<List<String>> out = new ArrayList<>();
        if (script == null) {
            return new ScriptText(out);
        }
        for (String line : script.replace("\r", "\n").split("\n")) {
            for (String sentence : SENTENCE_END.split(line.strip())) {
                List<String> words = new ArrayList<>();
                for (String w : sentence.strip().split("\\s+")) {
                    if (!w.isBlank() && !normalize(w).isEmpty()) {
                        words.add(w);
                    } else if (!w.isBlank() && !words.isEmpty()) {
                        // stray punctuation ("–", "…") sticks to the word before it
                        words.set(words.size() - 1, words.getLast() + " " + w);
                    }
                }
                if (!words.isEmpty()) {
                    out.add(words);
                }
            }
        }
        return new ScriptText(out);
    }

    public boolean isEmpty() {
        return sentences.isEmpty();
    }

    public int wordCount() {
        return sentences.stream().mapToInt(List::size).sum();
    }

    /** All words in order. */
    public List<String> words() {
        return sentences.stream().flatMap(List::stream).toList();
    }

    /** Lower case letters, digits and apostrophes: the form words are matched in. */
    public static String normalize(String word) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            } else if ((c == '\'' || c == '’') && !sb.isEmpty()) {
                sb.append('\'');
            }
        }
        String s = sb.toString();
        while (s.endsWith("'")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** Roughly how long a word takes to say, in arbitrary units: its letters and digits plus one for the gap. */
    static double weight(String word) {
        return normalize(word).length() + 1.0;
    }
}
