package io.reelpipe.keyword.rank;

import io.reelpipe.keyword.candidates.Candidate;
import io.reelpipe.keyword.candidates.CandidateSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KeyBERT-style ranking: relevance of a candidate is its cosine similarity to the whole document's embedding
 * (min-max scaled over the candidates), mixed with the statistical score; the top {@code k} are then chosen by
 * maximal marginal relevance, {@code λ·relevance − (1−λ)·max similarity to those already chosen}, so near-duplicates
 * ("electric suv", "new electric suv") do not crowd out other topics. Without embeddings the statistical score is the
 * relevance and word overlap is the similarity.
 */
public final class KeyphraseRanker {

    /**
     * Relevance lost per word beyond two (default 0: on the labelled ads 0.1 raised exact-match precision a little but
     * lowered lenient precision and recall).
     */
    private final double lengthPenalty;

    public KeyphraseRanker() {
        this(0.0);
    }

    public KeyphraseRanker(double lengthPenalty) {
        this.lengthPenalty = lengthPenalty;
    }

    /** The {@code pool} candidates with the best statistical scores, best first (ties: earlier first). */
    public List<Candidate> pool(CandidateSet set, Map<String, Double> statistical, int pool) {
        return set.list().stream()
                .filter(c -> statistical.containsKey(c.key()))
                .sorted(Comparator.comparingDouble((Candidate c) -> -statistical.get(c.key()))
                        .thenComparingInt(Candidate::firstPosition))
                .limit(pool)
                .toList();
    }

    /** Statistical-only ranking: the baseline and the fallback. */
    public List<RankedKeyword> rankStatistical(List<Candidate> pool, Map<String, Double> statistical, int top,
                                               double lambda) {
        int n = pool.size();
        double[] rel = new double[n];
        double[][] sim = new double[n][n];
        for (int i = 0; i < n; i++) {
            rel[i] = statistical.getOrDefault(pool.get(i).key(), 0.0);
            for (int j = 0; j < n; j++) {
                sim[i][j] = overlap(pool.get(i), pool.get(j));
            }
        }
        List<RankedKeyword> out = new ArrayList<>();
        for (int i : mmr(rel, sim, top, lambda)) {
            out.add(new RankedKeyword(pool.get(i), rel[i], Double.NaN, rel[i]));
        }
        return out;
    }

    /**
     * Embedding ranking.
     *
     * @param doc             the document's embedding (unit length)
     * @param embeddings      one per pool candidate, same order (unit length)
     * @param embeddingWeight share of the similarity in the relevance (the rest is the statistical score)
     */
    public List<RankedKeyword> rankEmbedding(List<Candidate> pool, Map<String, Double> statistical, float[] doc,
                                             float[][] embeddings, int top, double lambda, double embeddingWeight) {
        int n = pool.size();
        double[] cos = new double[n];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            cos[i] = dot(doc, embeddings[i]);
            min = Math.min(min, cos[i]);
            max = Math.max(max, cos[i]);
        }
        double span = max - min;
        double[] rel = new double[n];
        double[] stat = new double[n];
        double[][] sim = new double[n][n];
        for (int i = 0; i < n; i++) {
            double scaled = span > 1e-9 ? (cos[i] - min) / span : 1.0;
            stat[i] = statistical.getOrDefault(pool.get(i).key(), 0.0);
            rel[i] = (embeddingWeight * scaled + (1 - embeddingWeight) * stat[i])
                    * (1 - lengthPenalty * Math.max(0, pool.get(i).length() - 2));
            for (int j = i; j < n; j++) {
                double s = Math.max(dot(embeddings[i], embeddings[j]), overlap(pool.get(i), pool.get(j)));
                sim[i][j] = s;
                sim[j][i] = s;
            }
        }
        List<RankedKeyword> out = new ArrayList<>();
        for (int i : mmr(rel, sim, top, lambda)) {
            out.add(new RankedKeyword(pool.get(i), rel[i], cos[i], stat[i]));
        }
        return out;
    }

    /**
     * Settings of the hybrid (default) embedding ranking, {@link #rankHybrid}. Tuned on the labelled ads' dev split only.
     *
     * @param rrfK              k of reciprocal rank fusion: {@code 1/(k + rank)}; larger = flatter
     * @param statisticalWeight weight of the TF-IDF rank's term against the similarity rank's (1)
     * @param lengthPenalty     relevance lost per word beyond two (0..1)
     * @param titleWeight       weight of the title's embedding added to the document's before normalising (0 = none)
     * @param redundancyCutoff  a candidate whose word containment with a chosen one is at least this is not chosen
     *                          (> 1: never); "kestrel gt sports" after "kestrel gt"
     * @param namePenalty       relevance lost by a phrase that mixes a name (a word always written capitalised, rare
     *                          in the corpus) with ordinary words: "fizzup lemon", "crestline mortgage" (0..1)
     * @param straddlePenalty   relevance lost by a phrase whose every occurrence straddles the boundary of a
     *                          recurring phrase, {@link Candidate#straddlesOnly()}: "shoes summer" from the title
     *                          "Running shoes summer sale" when "running shoes" recurs (0..1; 1 = never chosen)
     * @param excludeNameFragments never choose a candidate whose every occurrence lies inside one longer name
     *                          ({@link Candidate#nameFragment()}: "embers" of "Realm of Embers"); the name is chosen
     *                          whole or not at all
     */
    public record Settings(double rrfK, double statisticalWeight, double lengthPenalty, double titleWeight,
                           double redundancyCutoff, double namePenalty, double straddlePenalty,
                           boolean excludeNameFragments) {
        public static final Settings DEFAULTS = new Settings(20, 0.5, 0.1, 1.0, 1.0, 0.7, 1.0, true);

        public Settings(double rrfK, double statisticalWeight, double lengthPenalty, double titleWeight,
                        double redundancyCutoff, double namePenalty, double straddlePenalty) {
            this(rrfK, statisticalWeight, lengthPenalty, titleWeight, redundancyCutoff, namePenalty, straddlePenalty,
                    false);
        }

        /** Settings without the straddle rule (the earlier hybrid's shape). */
        public Settings(double rrfK, double statisticalWeight, double lengthPenalty, double titleWeight,
                        double redundancyCutoff, double namePenalty) {
            this(rrfK, statisticalWeight, lengthPenalty, titleWeight, redundancyCutoff, namePenalty, 0.0);
        }
    }

    /**
     * Words that look like names: the one-word candidate is always written capitalised and the word is in at most 5%
     * of the corpus's documents (any word while the corpus has fewer than 20).
     */
    public static Set<String> names(CandidateSet set, io.reelpipe.keyword.statistical.CorpusStats stats) {
        Set<String> names = new HashSet<>();
        for (Candidate c : set.list()) {
            if (c.length() == 1 && c.capitalised()
                    && (stats.documents() < 20 || stats.df(c.key()) <= 0.05 * stats.documents())) {
                names.add(c.key());
            }
        }
        return names;
    }

    /**
     * Hybrid ranking (the default full method): relevance is reciprocal rank fusion of the candidate's rank by cosine
     * similarity to the (title-weighted) document embedding and its rank by TF-IDF, scaled to the best candidate and
     * lowered for phrases longer than two words, for name mixes and for phrases that only ever straddle a recurring
     * phrase's boundary ({@link Candidate#straddlesOnly()}; with {@link Settings#straddlePenalty()} 1 they are never
     * chosen); the top {@code k} are chosen by MMR with redundancy {@code max(cos, word containment)}, and a candidate
     * whose containment with a chosen one reaches {@link Settings#redundancyCutoff()} is skipped outright.
     *
     * @param doc        the document's embedding (unit length, title weighting already applied by the caller)
     * @param embeddings one per pool candidate, same order (unit length)
     */
    public List<RankedKeyword> rankHybrid(List<Candidate> pool, Map<String, Double> statistical, float[] doc,
                                          float[][] embeddings, int top, double lambda, Settings settings,
                                          Set<String> names) {
        int n = pool.size();
        double[] cos = new double[n];
        double[] stat = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = dot(doc, embeddings[i]);
            stat[i] = statistical.getOrDefault(pool.get(i).key(), 0.0);
        }
        int[] cosRank = ranks(cos);
        int[] statRank = ranks(stat);
        double[] rel = new double[n];
        double best = 0;
        for (int i = 0; i < n; i++) {
            rel[i] = (1 / (settings.rrfK() + cosRank[i]) + settings.statisticalWeight() / (settings.rrfK() + statRank[i]))
                    * Math.max(0, 1 - settings.lengthPenalty() * Math.max(0, pool.get(i).length() - 2));
            if (mixesName(pool.get(i), names)) {
                rel[i] *= 1 - settings.namePenalty();
            }
            if (pool.get(i).straddlesOnly()) {
                rel[i] *= 1 - settings.straddlePenalty();
            }
            best = Math.max(best, rel[i]);
        }
        double[][] sim = new double[n][n];
        double[][] containment = new double[n][n];
        for (int i = 0; i < n; i++) {
            rel[i] = best > 0 ? rel[i] / best : 0;
            for (int j = i; j < n; j++) {
                double o = overlap(pool.get(i), pool.get(j));
                double s = Math.max(dot(embeddings[i], embeddings[j]), o);
                sim[i][j] = s;
                sim[j][i] = s;
                containment[i][j] = o;
                containment[j][i] = o;
            }
        }
        boolean[] excluded = new boolean[n];
        for (int i = 0; i < n; i++) {
            excluded[i] = settings.straddlePenalty() >= 1 && pool.get(i).straddlesOnly()
                    || settings.excludeNameFragments() && pool.get(i).nameFragment();
        }
        List<RankedKeyword> out = new ArrayList<>();
        for (int i : mmr(rel, sim, containment, settings.redundancyCutoff(), excluded, top, lambda)) {
            out.add(new RankedKeyword(pool.get(i), rel[i], cos[i], stat[i]));
        }
        return out;
    }

    /** A phrase with both name words and ordinary words ("fizzup lemon"; not "kestrel gt" nor "lemon soda"). */
    static boolean mixesName(Candidate c, Set<String> names) {
        if (c.length() < 2 || c.namePhrase()) {
            return false;
        }
        int named = 0;
        for (String t : c.tokens()) {
            if (names.contains(t)) {
                named++;
            }
        }
        return named > 0 && named < c.length();
    }

    /** 1-based ranks, highest value first; ties keep the earlier index (the pool is ordered best TF-IDF first). */
    static int[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        int[] rank = new int[values.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r + 1;
        }
        return rank;
    }

    /**
     * Maximal marginal relevance: picks {@code k} indices, first the most relevant, then each time the one maximising
     * {@code λ·relevance[i] − (1−λ)·max_{j chosen} similarity[i][j]}. λ = 1 is plain relevance order.
     */
    public static List<Integer> mmr(double[] relevance, double[][] similarity, int k, double lambda) {
        return mmr(relevance, similarity, null, 2, null, k, lambda);
    }

    /**
     * MMR that never picks a candidate whose {@code blocking} value with a chosen one is at least {@code cutoff}, nor
     * one marked in {@code excluded} (null: none).
     */
    static List<Integer> mmr(double[] relevance, double[][] similarity, double[][] blocking, double cutoff,
                             boolean[] excluded, int k, double lambda) {
        int n = relevance.length;
        List<Integer> chosen = new ArrayList<>();
        Set<Integer> left = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (excluded == null || !excluded[i]) {
                left.add(i);
            }
        }
        double[] maxSim = new double[n];
        java.util.Arrays.fill(maxSim, Double.NEGATIVE_INFINITY);
        while (chosen.size() < k && !left.isEmpty()) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!left.contains(i)) {
                    continue;
                }
                double redundancy = chosen.isEmpty() ? 0 : maxSim[i];
                double score = lambda * relevance[i] - (1 - lambda) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            chosen.add(best);
            left.remove(best);
            for (int i = 0; i < n; i++) {
                maxSim[i] = Math.max(maxSim[i], similarity[i][best]);
                if (blocking != null && blocking[i][best] >= cutoff) {
                    left.remove(i);
                }
            }
        }
        return chosen;
    }

    /** Shared words over the shorter phrase's length: 1 when one phrase contains the other's words. */
    static double overlap(Candidate a, Candidate b) {
        if (a == b) {
            return 1;
        }
        Set<String> sa = new HashSet<>(a.tokens());
        int shared = 0;
        for (String t : new HashSet<>(b.tokens())) {
            if (sa.contains(t)) {
                shared++;
            }
        }
        return (double) shared / Math.min(sa.size(), new HashSet<>(b.tokens()).size());
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
