package io.reelpipe.keyword;

import io.reelpipe.keyword.candidates.TextSource;
import io.reelpipe.keyword.rank.RankedKeyword;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far keywords may lean on a transcript. Script and embedded text are trusted. Recognised speech is trusted in
 * proportion to the engine's word confidences: unsure stretches were already left out ({@link Transcript#trustedText()})
 * and an unintelligible transcript gives no text at all; below {@link #TRUSTED} mean confidence, a keyword found only in
 * speech is never ranked above one that was also shown on screen or given in the metadata, since a weak engine's
 * confident-sounding words are still its guesses.
 */
final class SpeechTrust {

    /**
     * Mean word confidence from which recognised speech ranks on its own merits. Above the subtitle stage's 0.9 gate:
     * Sphinx's posteriors are over-sure (on the evaluation's ads, words not in the script averaged 0.75), and one
     * held-out ad's garbage transcript reached 0.91 and put a misheard phrase in its top 3.
     */
    static final double TRUSTED = 0.97;

    private final Transcript transcript;

    private SpeechTrust(Transcript transcript) {
        this.transcript = transcript;
    }

    static SpeechTrust of(Transcript transcript) {
        return new SpeechTrust(transcript);
    }

    /** Whether keywords from speech alone come after the corroborated ones. */
    boolean demoteSpeechOnly() {
        return transcript != null && "speech".equals(transcript.source())
                && (transcript.confidence() == null || transcript.confidence() < TRUSTED);
    }

    /** {@code top} with speech-only keywords after the others when {@link #demoteSpeechOnly()}, each group in order. */
    List<RankedKeyword> order(List<RankedKeyword> top) {
        if (!demoteSpeechOnly()) {
            return top;
        }
        List<RankedKeyword> first = new ArrayList<>();
        List<RankedKeyword> speechOnly = new ArrayList<>();
        for (RankedKeyword r : top) {
            boolean onlySpeech = r.candidate().sources().stream().allMatch(s -> s == TextSource.SPEECH);
            (onlySpeech ? speechOnly : first).add(r);
        }
        first.addAll(speechOnly);
        return first;
    }

    /** For {@code keywords.json}: {@code trusted}, {@code confident words only (0.62), ranked below screen and metadata}, … */
    String describe() {
        if (transcript == null) {
            return null;
        }
        if (!"speech".equals(transcript.source())) {
            return "trusted (" + transcript.source() + ")";
        }
        String conf = transcript.confidence() == null ? "unknown confidence"
                : String.format(Locale.ROOT, "confidence %.2f", transcript.confidence());
        if (transcript.unintelligible()) {
            return "not used: unintelligible (" + conf + ")";
        }
        String words = transcript.lowConfidence().isEmpty() ? "all words" : "confident words only";
        return words + " (" + conf + ")" + (demoteSpeechOnly() ? ", speech-only keywords ranked below screen and metadata" : "");
    }
}
