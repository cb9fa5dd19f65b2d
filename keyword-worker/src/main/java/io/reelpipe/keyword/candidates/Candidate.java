package io.reelpipe.keyword.candidates;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A candidate keyphrase: an n-gram that neither starts nor ends with a stop word, with its counts per source.
 * Identity is {@link #key()}, the normalised tokens joined by a space, so "Savings Accounts" and "savings account"
 * are one candidate.
 */
public final class Candidate {
    private final String key;
    private final List<String> tokens;
    private final Map<String, Integer> surfaces = new LinkedHashMap<>();
    private final EnumSet<TextSource> sources = EnumSet.noneOf(TextSource.class);
    private final Map<TextSource, Integer> counts = new java.util.EnumMap<>(TextSource.class);
    private int firstPosition = Integer.MAX_VALUE;
    private int straddling;
    private int titleCaseOutsideTitle;
    private int lowerCaseAnywhere;
    private final Set<String> leftNames = new java.util.HashSet<>();
    private final Set<String> rightNames = new java.util.HashSet<>();

    Candidate(String key, List<String> tokens) {
        this.key = key;
        this.tokens = List.copyOf(tokens);
    }

    void seen(String surface, TextSource source, int position) {
        if (!titleCase(surface)) {
            lowerCaseAnywhere++;
        } else if (source == TextSource.SPEECH || source == TextSource.DESCRIPTION) {
            titleCaseOutsideTitle++;
        }
        surfaces.merge(surface, 1, Integer::sum);
        sources.add(source);
        counts.merge(source, 1, Integer::sum);
        firstPosition = Math.min(firstPosition, position);
    }

    /** Every word capitalised (or a digit first), "of"/"&"/"n" aside: "Realm of Embers", "Evergreen Life". */
    private static boolean titleCase(String surface) {
        for (String w : surface.split(" ")) {
            if (!w.isEmpty() && !Character.isUpperCase(w.codePointAt(0)) && !Character.isDigit(w.codePointAt(0))
                    && !(w.equals("of") || w.equals("&") || w.equals("n"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this is a multi-word name: every occurrence written in title case, at least one of them outside the
     * title (titles are often title-cased whole): "Evergreen Life", "Stride Aero", "Realm of Embers".
     */
    public boolean namePhrase() {
        return tokens.size() > 1 && lowerCaseAnywhere == 0 && titleCaseOutsideTitle > 0;
    }

    /** Records the words on each side of one occurrence that extend it into a longer name phrase (null: none). */
    void nameExtension(String left, String right) {
        leftNames.add(left == null ? "" : left);
        rightNames.add(right == null ? "" : right);
    }

    /**
     * Whether every occurrence lies inside one longer name ("Embers" only ever in "Realm of Embers", "Aero" only in
     * "Stride Aero"): the name says it whole. "Voltra" also alone ("your Voltra dealer") beside "Voltra E7" is none.
     */
    public boolean nameFragment() {
        return one(leftNames) || one(rightNames);
    }

    private static boolean one(Set<String> extensions) {
        return extensions.size() == 1 && !extensions.contains("");
    }

    void straddles() {
        straddling++;
    }

    /**
     * Occurrences that straddle the boundary of a phrase that recurs more often than this one ("shoes summer" in
     * "running shoes summer sale" when "running shoes" recurs): see {@link CandidateExtractor}.
     */
    public int straddlingCount() {
        return straddling;
    }

    /** Whether every occurrence straddles a recurring phrase's boundary: likely no phrase at all. */
    public boolean straddlesOnly() {
        return straddling > 0 && straddling >= totalCount();
    }

    public String key() {
        return key;
    }

    public List<String> tokens() {
        return tokens;
    }

    public int length() {
        return tokens.size();
    }

    /** The most frequent written form, lowercased unless it looks like a name or acronym (e.g. "5G", "EV"). */
    public String text() {
        String best = surfaces.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(key);
        return displayForm(best);
    }

    /**
     * Whether every occurrence is written with a capital (or digit) first, like a name: "Voltra", "E7", "GT". Only
     * meaningful for one-word candidates; a word that always starts a sentence looks the same.
     */
    public boolean capitalised() {
        return !surfaces.isEmpty() && surfaces.keySet().stream().allMatch(sf -> !sf.isEmpty()
                && (Character.isUpperCase(sf.codePointAt(0)) || Character.isDigit(sf.codePointAt(0))));
    }

    public Set<TextSource> sources() {
        return java.util.Collections.unmodifiableSet(sources);
    }

    public int count(TextSource source) {
        return counts.getOrDefault(source, 0);
    }

    public int totalCount() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Position (token index over all inputs, title first) of the first occurrence. */
    public int firstPosition() {
        return firstPosition;
    }

    private static String displayForm(String surface) {
        StringBuilder sb = new StringBuilder();
        for (String w : surface.split(" ")) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            // keep acronyms and alphanumerics like "EV", "5G", "SUV"; lowercase ordinary capitalised words
            boolean acronym = w.length() >= 2 && w.codePoints().filter(Character::isLetter).allMatch(Character::isUpperCase)
                    && w.codePoints().anyMatch(Character::isLetter);
            sb.append(acronym ? w : w.toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return key + sources + counts;
    }
}
