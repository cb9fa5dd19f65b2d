package io.reelpipe.subtitle.script;

import edu.cmu.sphinx.api.SpeechAligner;
import edu.cmu.sphinx.result.WordResult;
import io.reelpipe.subtitle.audio.PcmAudio;
import io.reelpipe.subtitle.speech.SphinxModels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sphinx4's {@code SpeechAligner} (English only): places the words of a known text in the audio. It places only
 * part of the words (on espeak speech about two thirds); {@link ScriptAligner} uses them as anchors and interpolates
 * the rest. One aligner (~3 s to load) is kept and used by one stage at a time.
 */
public final class SphinxForcedAligner {

    private static final Logger log = LoggerFactory.getLogger(SphinxForcedAligner.class);
    private SpeechAligner aligner;

    /** Anchors in script order; empty when the aligner fails (never an error: alignment falls back to VAD). */
    public synchronized List<AnchorWord> align(PcmAudio audio, String text) {
        long t0 = System.nanoTime();
        try {
            if (aligner == null) {
                aligner = new SpeechAligner(SphinxModels.ACOUSTIC, SphinxModels.DICTIONARY, null);
                SphinxModels.quietLogging();
            }
            List<WordResult> results = aligner.align(audio.file().toUri().toURL(), text);
            List<AnchorWord> out = new ArrayList<>(results.size());
            for (WordResult w : results) {
                String spelling = ScriptText.normalize(w.getWord().getSpelling());
                if (!spelling.isEmpty()) {
                    out.add(new AnchorWord(spelling, w.getTimeFrame().getStart() / 1000.0,
                            w.getTimeFrame().getEnd() / 1000.0));
                }
            }
            log.info("event=sphinx-aligned anchors={} took_ms={}", out.size(), (System.nanoTime() - t0) / 1_000_000);
            return out;
        } catch (IOException | RuntimeException e) {
            log.warn("event=sphinx-align-failed reason=\"{}\": timing the script from voice activity only", e.toString());
            aligner = null;
            return List.of();
        }
    }
}
