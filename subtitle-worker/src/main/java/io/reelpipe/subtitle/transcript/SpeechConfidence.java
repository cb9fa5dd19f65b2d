package io.reelpipe.subtitle.transcript;

import io.reelpipe.subtitle.captions.TimedWord;
import java.util.ArrayList;
import java.util.List;

/**
 * What a recognised transcript can be trusted with. A word under {@code minWord} is unsure; consecutive unsure words
 * form a low-confidence stretch (marked in {@code transcript.json}); a transcript whose duration-weighted mean word
 * confidence is under {@code minTranscript} is unintelligible as a whole: no captions are made from it and the keyword
 * stage takes no keywords from it. Only engine output is judged: script and embedded text are what was meant.
 *
 * @param minWord       word confidence (0..1) under which a word is unsure
 * @param minTranscript mean confidence (0..1) under which the transcript is unintelligible
 * @param captions      {@code drop} (default: captions hold only sure words), {@code flag} (unsure words kept in
 *                      parentheses with a "(?)"), {@code keep} (no gating)
 */
public record SpeechConfidence(double minWord, double minTranscript, String captions) {

    public SpeechConfidence {
        captions = captions == null || captions.isBlank() ? "drop" : captions.trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("drop", "flag", "keep").contains(captions)) {
            throw new IllegalArgumentException("captions must be drop, flag or keep, got '" + captions + "'");
        }
    }

    /** A stretch of unsure words, seconds. */
    public record Stretch(double start, double end, int words) {
    }

    /** The verdict on one transcript. */
    public record Verdict(double confidence, boolean intelligible, List<Stretch> lowConfidence, List<TimedWord> forCaptions) {
    }

    public Verdict judge(List<TimedWord> words) {
        double weighted = 0;
        double total = 0;
        List<Stretch> stretches = new ArrayList<>();
        double start = -1;
        double end = 0;
        int n = 0;
        for (TimedWord w : words) {
            double d = Math.max(0.05, w.end() - w.start());
            weighted += w.confidence() * d;
            total += d;
            if (w.confidence() < minWord) {
                if (n == 0) {
                    start = w.start();
                }
                end = w.end();
                n++;
            } else if (n > 0) {
                stretches.add(new Stretch(round(start), round(end), n));
                n = 0;
            }
        }
        if (n > 0) {
            stretches.add(new Stretch(round(start), round(end), n));
        }
        double confidence = total == 0 ? 0 : weighted / total;
        boolean intelligible = !words.isEmpty() && confidence >= minTranscript;
        return new Verdict(round(confidence), intelligible, List.copyOf(stretches), captionWords(words, intelligible));
    }

    private List<TimedWord> captionWords(List<TimedWord> words, boolean intelligible) {
        if (captions.equals("keep")) {
            return words;
        }
        if (!intelligible) {
            return List.of();
        }
        List<TimedWord> out = new ArrayList<>();
        for (TimedWord w : words) {
            if (w.confidence() >= minWord) {
                out.add(w);
            } else if (captions.equals("flag")) {
                out.add(new TimedWord(w.text() + "(?)", w.start(), w.end(), w.confidence(), w.sentenceEnd()));
            }
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
