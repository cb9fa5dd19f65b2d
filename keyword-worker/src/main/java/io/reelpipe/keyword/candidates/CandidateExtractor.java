package io.reelpipe.keyword.candidates;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Candidate keyphrases: Unicode-aware tokenisation (letters, marks and digits of any script, with inner apostrophes,
 * hyphens and ampersands), clauses split at punctuation, and n-grams of 1..maxNgram tokens inside a clause that
 * neither start nor end with a stop word (a middle word may be "of", "&" or "n": "peace of mind", "rock n roll"). Tags are taken
 * whole as one phrase each.
 *
 * <p>Normalisation: NFKC, lowercase, curly apostrophes straightened, English possessives dropped and plurals folded
 * ("accounts" → "account", "batteries" → "battery"), Korean particles stripped ("배달은" → "배달"). Runs of Han or kana,
 * which have no spaces, are split with {@link BreakIterator} and then into at most 4-character pieces, so Japanese and
 * Chinese text yields candidates rather than one giant token. Nothing here throws on any script.
 */
public final class CandidateExtractor {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['’\\-&][\\p{L}\\p{M}\\p{N}]+)*");
    /** Characters between two words that do not end a clause. */
    private static final Pattern SOFT_GAP = Pattern.compile("[\\s\"'“”‘’*_/]*");
    private static final Set<String> MIDDLE_OK = Set.of("of", "&", "n");
    /**
     * Stop words that may open a phrase directly followed by a content word: ad claims are tagged as said ("no
     * monthly fees", "zero sugar", "no medical exam").
     */
    private static final Set<String> CLAIM_START = Set.of("no", "zero");
    private static final String[] KO_PARTICLES = {"에서는", "으로는", "에게서", "이라고", "까지", "부터", "에서", "에게", "으로",
        "처럼", "보다", "이나", "이랑", "하고", "와", "과", "은", "는", "이", "가", "을", "를", "에", "의", "로", "도", "만", "랑", "나"};
    private static final Set<String> NO_PLURAL_FOLD = Set.of("news", "series", "species", "plus", "bus", "gas", "yes",
            "this", "its", "us", "always", "perhaps", "status", "bonus", "focus", "campus", "virus", "bias", "canvas",
            "lens", "chaos", "thanks", "sales", "glass", "class", "business", "wireless", "less", "process", "access",
            "express", "fitness", "kids", "jeans", "sports", "electronics", "savings", "earnings", "analytics",
            "mathematics", "physics", "economics", "ios", "macos", "nexus", "citrus", "hummus", "atlas", "cosmos",
            "boss", "dress", "pass", "kiss", "miss", "moss", "chess", "stress", "press", "cross", "loss", "mass");

    /**
     * Korean particles that mark a noun phrase's end without doubt (case, topic and adverbial markers of two or more
     * syllables, and the object markers): a word carrying one ends a phrase, so "실시간으로 배달" (in real time |
     * delivery) is no candidate while "음식 배달 앱을" is. The one-syllable 이/가/도/로/에/의 are left out: they also
     * end ordinary nouns (고양이, 휴가, 제주도, 도로).
     */
    private static final Set<String> KO_CLOSING_PARTICLES = Set.of("에서는", "으로는", "에게서", "이라고", "까지", "부터",
            "에서", "에게", "으로", "처럼", "보다", "하고", "을", "를", "은", "는");
    /** Nouns that end in 을 (no object marker): 가을 (autumn), 마을 (village), 노을 (sunset). */
    private static final Set<String> KO_NOUNS_ENDING_EUL = Set.of("가을", "마을", "노을", "고을");

    /** Korean predicate and adverbial endings: a word ending so ("드립니다", "확인하세요", "간편하게") is no noun. */
    private static final String[] KO_PREDICATE_ENDINGS = {"니다", "세요", "해요", "어요", "아요", "하다", "한다", "했다",
        "하게", "하는", "되는", "해서", "하면", "하여", "는다", "해", "죠"};
    /**
     * Adnominal adjective endings, only on words of three or more syllables: "안전한" (safe), "촉촉한" (moist),
     * "가벼운" (light); the few nouns so ending (무제한) are a price worth paying.
     */
    private static final String[] KO_ADNOMINAL_ENDINGS = {"한", "운"};

    private final StopWords stopWords;

    public CandidateExtractor(StopWords stopWords) {
        this.stopWords = stopWords;
    }

    public CandidateExtractor() {
        this(StopWords.bundled());
    }

    /** One piece of input text and where it came from. */
    public record Segment(TextSource source, String text) {
    }

    public CandidateSet extract(List<Segment> segments, int maxNgram) {
        if (maxNgram < 1) {
            throw new IllegalArgumentException("maxNgram must be at least 1, got " + maxNgram);
        }
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        Map<String, Integer> words = new HashMap<>();
        int position = 0;
        int[] scripts = new int[4]; // latin, hangul, kana, han
        List<List<Token>> texts = new ArrayList<>();
        for (Segment seg : segments) {
            if (seg.text() == null || seg.text().isBlank()) {
                continue;
            }
            List<Token> tokens = tokenize(seg.text());
            if (seg.source() != TextSource.TAG) {
                texts.add(tokens);
            }
            for (Token t : tokens) {
                countScript(t.norm(), scripts);
                if (!t.stop() && isContent(t.norm())) {
                    words.merge(t.norm(), 1, Integer::sum);
                }
            }
            if (seg.source() == TextSource.TAG) {
                // a tag is an editor's keyword as written: one phrase, whatever its length
                List<Token> content = tokens.stream().filter(t -> isContent(t.norm())).toList();
                if (!content.isEmpty()) {
                    add(candidates, content, seg.source(), position);
                }
            } else {
                int at = position;
                forEachGram(tokens, 1, maxNgram, (i, gram) -> {
                    if (acceptable(gram) && !(isClaim(gram) && continuesAfter(tokens, i + gram.size()))) {
                        add(candidates, gram, seg.source(), at + i);
                    }
                });
            }
            position += tokens.size();
        }
        for (List<Token> tokens : texts) {
            markStraddling(tokens, candidates, maxNgram);
        }
        for (List<Token> tokens : texts) {
            markNameExtensions(tokens, candidates, maxNgram);
        }
        return new CandidateSet(candidates, words, position, language(scripts));
    }

    /**
     * Marks the occurrences of multi-word candidates that straddle a phrase boundary: the first word ends a two-word
     * phrase that recurs (≥ 2) more often than the candidate ("shoes summer" after "running", when "running shoes"
     * recurs), the last word starts one ("lightweight running" before "shoes"), or the candidate runs on past the end
     * of a recurring phrase it starts with ("running shoes summer"). Titles are written without punctuation between
     * phrases ("Running shoes summer sale"), so their n-grams cross boundaries that speech shows.
     */
    private static void markStraddling(List<Token> tokens, Map<String, Candidate> candidates, int maxNgram) {
        forEachGram(tokens, 2, maxNgram, (i, gram) -> {
            Candidate c = candidates.get(key(gram));
            if (c == null) {
                return;
            }
            int n = gram.size();
            int own = c.totalCount();
            boolean straddles = stronger(i > 0 && tokens.get(i - 1).clause() == gram.get(0).clause()
                    ? tokens.subList(i - 1, i + 1) : null, own, candidates)
                    || stronger(i + n < tokens.size() && tokens.get(i + n).clause() == gram.get(0).clause()
                    ? tokens.subList(i + n - 1, i + n + 1) : null, own, candidates)
                    || stronger(gram.subList(0, n - 1), own, candidates) && n > 2;
            if (straddles) {
                c.straddles();
            }
        });
    }

    /** What {@link #forEachGram} calls with each n-gram and the index of its first token. */
    @FunctionalInterface
    private interface GramVisitor {
        void visit(int start, List<Token> gram);
    }

    /** Visits the n-grams of {@code tokens} with {@code minN ≤ n ≤ maxN} words inside one clause, by start, then length. */
    private static void forEachGram(List<Token> tokens, int minN, int maxN, GramVisitor visitor) {
        for (int i = 0; i < tokens.size(); i++) {
            for (int n = minN; n <= maxN && i + n <= tokens.size(); n++) {
                if (tokens.get(i + n - 1).clause() != tokens.get(i).clause()) {
                    break;
                }
                visitor.visit(i, tokens.subList(i, i + n));
            }
        }
    }

    /**
     * Records, for each occurrence of a candidate shorter than {@code maxNgram}, the neighbouring word on each side
     * that extends it into a name phrase ({@link Candidate#namePhrase()}), for {@link Candidate#nameFragment()}. A
     * name may run over "of" ("Realm of Embers").
     */
    private static void markNameExtensions(List<Token> tokens, Map<String, Candidate> candidates, int maxNgram) {
        forEachGram(tokens, 1, maxNgram - 1, (i, gram) -> {
            Candidate c = candidates.get(key(gram));
            if (c != null) {
                c.nameExtension(nameAround(tokens, i, gram.size(), -1, maxNgram, candidates),
                        nameAround(tokens, i, gram.size(), 1, maxNgram, candidates));
            }
        });
    }

    /** The shortest name phrase that extends {@code tokens[i, i+n)} to one side, by its added words; null: none. */
    private static String nameAround(List<Token> tokens, int i, int n, int side, int maxNgram,
                                     Map<String, Candidate> candidates) {
        int clause = tokens.get(i).clause();
        for (int extra = 1; n + extra <= maxNgram; extra++) {
            int from = side < 0 ? i - extra : i;
            int to = side < 0 ? i + n : i + n + extra;
            if (from < 0 || to > tokens.size() || tokens.get(from).clause() != clause
                    || tokens.get(to - 1).clause() != clause) {
                return null;
            }
            Candidate longer = candidates.get(key(tokens.subList(from, to)));
            if (longer != null && longer.namePhrase()) {
                return key(side < 0 ? tokens.subList(from, i) : tokens.subList(i + n, to));
            }
        }
        return null;
    }

    /** Whether {@code phrase} is a candidate that recurs (≥ 2) more often than {@code count}. */
    private static boolean stronger(List<Token> phrase, int count, Map<String, Candidate> candidates) {
        if (phrase == null || phrase.size() < 2) {
            return false;
        }
        Candidate p = candidates.get(key(phrase));
        if (p == null || p.totalCount() < 2 || p.totalCount() <= count) {
            return false;
        }
        // "Vitacore gym" recurring does not make "gym membership" straddle: a name before a phrase is no boundary
        for (Token t : phrase) {
            Candidate word = candidates.get(t.norm());
            if (word != null && word.capitalised()) {
                return false;
            }
        }
        return true;
    }

    private static String key(List<Token> gram) {
        return String.join(" ", gram.stream().map(Token::norm).toList());
    }

    /** Splits text into tokens with clause indices; public for time alignment and tests. */
    public List<Token> tokenize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        List<Token> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        int clause = 0;
        int prevEnd = -1;
        while (m.find()) {
            if (prevEnd >= 0 && !SOFT_GAP.matcher(s.substring(prevEnd, m.start())).matches()) {
                clause++;
            }
            prevEnd = m.end();
            String word = m.group();
            for (String piece : splitUnspaced(word)) {
                String norm = normalize(piece);
                if (norm.isEmpty()) {
                    continue;
                }
                String lower = piece.toLowerCase(Locale.ROOT).replace('’', '\'');
                boolean stop = stopWords.contains(lower) || stopWords.contains(norm) || !isContent(norm)
                        || isKoreanPredicate(norm);
                out.add(new Token(piece, norm, stop, clause, closesKoreanPhrase(piece, norm)));
            }
        }
        return out;
    }

    /** The normalised form of one word. */
    public static String normalize(String word) {
        String w = Normalizer.normalize(word, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('’', '\'');
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s'")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.isEmpty()) {
            return w;
        }
        int first = w.codePointAt(0);
        if (isHangul(first)) {
            return stripParticle(w);
        }
        if (Character.UnicodeScript.of(first) == Character.UnicodeScript.LATIN) {
            return foldPlural(w);
        }
        return w;
    }

    static String foldPlural(String w) {
        if (w.length() < 4 || !w.endsWith("s") || NO_PLURAL_FOLD.contains(w) || w.contains("-") && w.endsWith("ss")) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes") || w.endsWith("zzes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is") || w.endsWith("'s")) {
            return w;
        }
        return w.substring(0, w.length() - 1);
    }

    static String stripParticle(String w) {
        for (String p : KO_PARTICLES) {
            // a one-syllable noun takes a particle too ("앱에서", "앱을"), but only the unambiguous ones are cut there
            int minStem = KO_CLOSING_PARTICLES.contains(p) && !KO_NOUNS_ENDING_EUL.contains(w) ? 1 : 2;
            if (w.length() >= p.length() + minStem && w.endsWith(p)) {
                return w.substring(0, w.length() - p.length());
            }
        }
        return w;
    }

    /**
     * Whether a Korean word (NFKC {@code surface}, its {@code norm}) carries a particle that ends its noun phrase
     * ({@link #KO_CLOSING_PARTICLES}).
     */
    private static boolean closesKoreanPhrase(String surface, String norm) {
        if (surface.isEmpty() || !isHangul(surface.codePointAt(0)) || surface.equals(norm)) {
            return false;
        }
        return KO_CLOSING_PARTICLES.contains(surface.substring(norm.length()));
    }

    /** "no monthly fees": a claim word, then content words. */
    private static boolean isClaim(List<Token> gram) {
        return gram.size() > 1 && CLAIM_START.contains(gram.get(0).norm()) && !gram.get(1).stop();
    }

    /** Whether the clause goes on with a content word at {@code next}: a claim runs to its noun ("no monthly" is cut). */
    private static boolean continuesAfter(List<Token> tokens, int next) {
        return next < tokens.size() && tokens.get(next).clause() == tokens.get(next - 1).clause()
                && !tokens.get(next).stop();
    }

    private boolean acceptable(List<Token> gram) {
        Token first = gram.get(0);
        Token last = gram.get(gram.size() - 1);
        if (first.stop() && !isClaim(gram) || last.stop()) {
            return false;
        }
        for (int i = 0; i < gram.size() - 1; i++) {
            if (gram.get(i).closesPhrase()) {
                return false;
            }
        }
        int middleStops = 0;
        for (int i = 1; i < gram.size() - 1; i++) {
            Token t = gram.get(i);
            if (t.stop()) {
                if (!MIDDLE_OK.contains(t.norm()) || ++middleStops > 1) {
                    return false;
                }
            }
        }
        // quantities ("300 dollars", "5000 mAh battery") are not tags; "5G", "V6", "iPhone 16" are
        if (first.norm().codePoints().allMatch(Character::isDigit)) {
            return false;
        }
        // a word repeated or inflected ("go go go", "fold folding") is not a phrase
        for (int i = 0; i < gram.size(); i++) {
            for (int j = i + 1; j < gram.size(); j++) {
                String a = gram.get(i).norm();
                String b = gram.get(j).norm();
                if (a.startsWith(b) || b.startsWith(a)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void add(Map<String, Candidate> into, List<Token> gram, TextSource source, int position) {
        List<String> norms = gram.stream().map(Token::norm).toList();
        String key = String.join(" ", norms);
        String surface = String.join(" ", gram.stream().map(Token::surface).toList());
        into.computeIfAbsent(key, k -> new Candidate(k, norms)).seen(surface, source, position);
    }

    private static boolean isContent(String norm) {
        if (norm.isEmpty()) {
            return false;
        }
        int cp = norm.codePointAt(0);
        boolean ideographic = Character.isIdeographic(cp) || isKana(cp);
        // one Latin letter is noise; one Han character can be a word
        return ideographic || isHangul(cp) ? !norm.isBlank() : norm.codePointCount(0, norm.length()) >= 2
                || Character.isDigit(cp);
    }

    /** Han/kana runs have no spaces: split at BreakIterator boundaries, then into pieces of at most 4 characters. */
    private static List<String> splitUnspaced(String word) {
        int cp = word.codePointAt(0);
        if (!(Character.isIdeographic(cp) || isKana(cp)) || word.codePointCount(0, word.length()) <= 4) {
            return List.of(word);
        }
        List<String> pieces = new ArrayList<>();
        BreakIterator bi = BreakIterator.getWordInstance(Locale.ROOT);
        bi.setText(word);
        int start = bi.first();
        for (int end = bi.next(); end != BreakIterator.DONE; start = end, end = bi.next()) {
            String part = word.substring(start, end);
            int n = part.codePointCount(0, part.length());
            for (int i = 0; i < n; i += 4) {
                int from = part.offsetByCodePoints(0, i);
                int to = part.offsetByCodePoints(0, Math.min(n, i + 4));
                pieces.add(part.substring(from, to));
            }
        }
        return pieces;
    }

    static boolean isKoreanPredicate(String norm) {
        if (!isHangul(norm.codePointAt(0))) {
            return false;
        }
        for (String e : KO_PREDICATE_ENDINGS) {
            if (norm.length() > e.length() && norm.endsWith(e)) {
                return true;
            }
        }
        for (String e : KO_ADNOMINAL_ENDINGS) {
            if (norm.length() >= 3 && norm.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHangul(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL;
    }

    private static boolean isKana(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA;
    }

    private static void countScript(String norm, int[] scripts) {
        int cp = norm.codePointAt(0);
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        if (s == Character.UnicodeScript.LATIN) {
            scripts[0]++;
        } else if (s == Character.UnicodeScript.HANGUL) {
            scripts[1]++;
        } else if (isKana(cp)) {
            scripts[2]++;
        } else if (s == Character.UnicodeScript.HAN) {
            scripts[3]++;
        }
    }

    private static String language(int[] scripts) {
        int best = -1;
        int max = 0;
        for (int i = 0; i < scripts.length; i++) {
            if (scripts[i] > max) {
                max = scripts[i];
                best = i;
            }
        }
        if (best == 3 && scripts[2] > 0) {
            best = 2; // Han with kana is Japanese
        }
        return switch (best) {
            case 0 -> "en";
            case 1 -> "ko";
            case 2 -> "ja";
            case 3 -> "zh";
            default -> "und";
        };
    }
}
