package io.reelpipe.subtitle.speech;

import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Lattice;
import edu.cmu.sphinx.result.LatticeOptimizer;
import edu.cmu.sphinx.result.Node;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.LogMath;
import io.reelpipe.subtitle.audio.PcmAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default engine: CMU Sphinx4 with the US English model from {@code de.sciss:sphinx4-data} (in the jar, so it
 * works offline on a fresh machine). Weak on synthetic and noisy speech and slower than real time on small CPUs;
 * see the module README for measured word error rate.
 *
 * <p>Uses {@code Context} + {@code Recognizer} directly ({@code StreamSpeechRecognizer.getResult()} fails with an
 * NPE in this release). Loaded decoders (~5 s and ~300 MB each) are pooled and reused across stages. Word confidence is
 * the lattice posterior of the word, when the lattice can be built.
 */
public final class SphinxSpeechEngine implements SpeechEngine {

    private static final Logger log = LoggerFactory.getLogger(SphinxSpeechEngine.class);

    private record Decoder(Context context, Recognizer recognizer) {
    }

    /** Sphinx4's default recogniser configuration with narrower beams (see the file's header). */
    static final String CONFIG = "resource:/io/reelpipe/subtitle/speech/sphinx-fast.config.xml";

    /**
     * Confidence of a word whose lattice could not be built. Below every confidence threshold in use: a word nobody
     * can vouch for is treated as unsure, never as half right.
     */
    static final double UNKNOWN = 0.0;

    /** Scale of the lattice scores for posteriors: 1 / the configuration's languageWeight (8). */
    static final double ACOUSTIC_SCALE = 0.125;

    private final ConcurrentLinkedQueue<Decoder> idle = new ConcurrentLinkedQueue<>();

    @Override
    public String name() {
        return "sphinx";
    }

    @Override
    public String model() {
        return SphinxModels.NAME;
    }

    @Override
    public boolean supports(String language) {
        return SphinxModels.isEnglish(language);
    }

    @Override
    public List<RecognizedWord> recognize(PcmAudio audio, String language, DoubleConsumer position,
            Runnable throwIfCancelled) {
        if (audio.sampleRate() != 16_000) {
            throw new IllegalArgumentException("sphinx needs 16 kHz audio, got " + audio.sampleRate());
        }
        Decoder decoder = idle.poll();
        if (decoder == null) {
            decoder = load();
        }
        boolean reusable = false;
        List<RecognizedWord> words = new ArrayList<>();
        try (InputStream in = new ProgressInputStream(audio.open(), audio.sampleRate(), position, throwIfCancelled)) {
            decoder.context().setSpeechSource(in);
            Result result;
            while ((result = decoder.recognizer().recognize()) != null) {
                throwIfCancelled.run();
                collect(result, words);
            }
            reusable = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (reusable) {
                idle.add(decoder);
            } else {
                try {
                    decoder.recognizer().deallocate();
                } catch (RuntimeException e) {
                    log.debug("sphinx deallocate failed", e);
                }
            }
        }
        return words;
    }

    private static Decoder load() {
        long t0 = System.nanoTime();
        try {
            Context context = new Context(CONFIG, SphinxModels.configuration());
            SphinxModels.quietLogging();
            Recognizer recognizer = context.getInstance(Recognizer.class);
            recognizer.allocate();
            log.info("event=sphinx-loaded model=\"{}\" took_ms={}", SphinxModels.NAME, (System.nanoTime() - t0) / 1_000_000);
            return new Decoder(context, recognizer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the Sphinx4 model: " + e.getMessage(), e);
        }
    }

    private static void collect(Result result, List<RecognizedWord> out) {
        List<WordResult> best = result.getTimedBestResult(false);
        Map<Node, Double> nodes = posteriors(result);
        for (WordResult w : best) {
            String spelling = w.getWord().getSpelling();
            if (w.getWord().isFiller() || spelling.startsWith("<") || spelling.startsWith("[")) {
                continue;
            }
            long startMs = w.getTimeFrame().getStart();
            long endMs = w.getTimeFrame().getEnd();
            double confidence = nodes == null ? UNKNOWN : posterior(nodes, spelling, startMs, endMs);
            out.add(new RecognizedWord(spelling.toLowerCase(Locale.ROOT), startMs / 1000.0, endMs / 1000.0, confidence));
        }
    }

    /**
     * The word's posterior probability: the summed posteriors of the lattice nodes for the same word that cover most
     * of its time (node times are milliseconds, like the word's), at most 1.
     */
    static double posterior(Map<Node, Double> nodes, String spelling, long startMs, long endMs) {
        double sum = 0;
        for (Node n : nodes.keySet()) {
            if (!n.getWord().getSpelling().equals(spelling)) {
                continue;
            }
            long overlap = Math.min(n.getEndTime(), endMs) - Math.max(n.getBeginTime(), startMs);
            long shorter = Math.max(1, Math.min(n.getEndTime() - n.getBeginTime(), endMs - startMs));
            if (overlap * 2 >= shorter) {
                sum += nodes.get(n);
            }
        }
        return Math.max(0, Math.min(1, sum));
    }

    /** The word lattice with posteriors, or null when Sphinx cannot build it for this result. */
    private static Map<Node, Double> posteriors(Result result) {
        try {
            Lattice lattice = SphinxLattice.of(result);
            if (lattice == null) {
                return null;
            }
            new LatticeOptimizer(lattice).optimize();
            return SphinxLattice.posteriors(lattice, ACOUSTIC_SCALE);
        } catch (Throwable e) {
            // Sphinx's lattice code asserts/NPEs on some results: those words get UNKNOWN, flagged as such downstream
            log.debug("sphinx lattice unavailable: {}", e.toString());
            return null;
        }
    }
}
