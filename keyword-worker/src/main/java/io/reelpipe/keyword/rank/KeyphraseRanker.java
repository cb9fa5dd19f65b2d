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
     * Maximal marginal relevance: picks {@code k} indices, first the most relevant, then each time the one maximising
     * {@code λ·relevance[i] − (1−λ)·max_{j chosen} similarity[i][j]}. λ = 1 is plain relevance order.
     */
    public static List<Integer> mmr(double[] relevance, double[][] similarity, int k, double lambda) {
        int n = relevance.length;
        List<Integer> chosen = new ArrayList<>();
        Set<Integer> left = new HashSet<>();
        for (int i = 0; i < n; i++) {
            left.add(i);
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
            chosen.add(best);
            left.remove(best);
            for (int i = 0; i < n; i++) {
                maxSim[i] = Math.max(maxSim[i], similarity[i][best]);
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
