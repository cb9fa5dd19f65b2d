package io.reelpipe.keyword.statistical;

import io.reelpipe.keyword.candidates.Candidate;
import io.reelpipe.keyword.candidates.CandidateSet;
import io.reelpipe.keyword.candidates.TextSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The statistical signal: TF-IDF of a phrase's words against the corpus of earlier documents, weighted by where the
 * phrase occurs. Used alone it is the baseline and the fallback when no embedding model is configured.
 *
 * <pre>
 * word(w)   = (1 + ln tf(w)) · idf(w)                       tf over the whole document, idf = ln((N+1)/(df+1)) + 1
 * phrase(p) = (1 + ln tf'(p)) · mean(word(w) for w in p) · (1 + 0.15·(|p| − 1)) · position(p)
 * tf'(p)    = speech count + description count + 2 · title count + 3 · tag count
 * position  = 1 + 0.3 · (1 − first/tokens)                 earlier phrases weigh a little more
 * </pre>
 * Scores are divided by the document's maximum, so they lie in (0, 1].
 */
public final class TfIdfScorer {

    /** Statistical scores of every candidate, by key, normalised to (0, 1]. */
    public Map<String, Double> score(CandidateSet set, CorpusStats corpus) {
        Map<String, Double> wordScore = new HashMap<>();
        for (Map.Entry<String, Integer> e : set.wordCounts().entrySet()) {
            wordScore.put(e.getKey(), (1 + Math.log(e.getValue())) * corpus.idf(e.getKey()));
        }
        Map<String, Double> raw = new HashMap<>();
        double max = 0;
        int tokens = Math.max(1, set.tokenCount());
        for (Candidate c : set.list()) {
            // on-screen text counts like the title: an ad's cards are chosen words, not running prose
            double tf = c.count(TextSource.SPEECH) + c.count(TextSource.DESCRIPTION) + 2.0 * c.count(TextSource.TITLE)
                    + 3.0 * c.count(TextSource.TAG) + 2.0 * c.count(TextSource.OCR);
            double words = 0;
            int n = 0;
            for (String w : c.tokens()) {
                Double s = wordScore.get(w);
                if (s != null) {
                    words += s;
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double mean = words / n;
            double position = 1 + 0.3 * (1 - Math.min(1.0, (double) c.firstPosition() / tokens));
            double score = (1 + Math.log(Math.max(1, tf))) * mean * (1 + 0.15 * (c.length() - 1)) * position;
            raw.put(c.key(), score);
            max = Math.max(max, score);
        }
        if (max > 0) {
            for (Map.Entry<String, Double> e : raw.entrySet()) {
                e.setValue(e.getValue() / max);
            }
        }
        return raw;
    }
}
