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
        List<Node> nodes = posteriors(result);
        LogMath logMath = LogMath.getLogMath();
        for (WordResult w : best) {
            String spelling = w.getWord().getSpelling();
            if (w.getWord().isFiller() || spelling.startsWith("<") || spelling.startsWith("[")) {
                continue;
            }
            long startMs = w.getTimeFrame().getStart();
            long endMs = w.getTimeFrame().getEnd();
            double confidence = 0.5;
            if (nodes != null) {
                double bestPosterior = Double.NEGATIVE_INFINITY;
                for (Node n : nodes) {
                    if (n.getWord().getSpelling().equals(spelling)
                            && n.getBeginTime() * 10 < endMs && n.getEndTime() * 10 > startMs) {
                        bestPosterior = Math.max(bestPosterior, n.getPosterior());
                    }
                }
                if (bestPosterior > Double.NEGATIVE_INFINITY) {
                    confidence = Math.max(0, Math.min(1, logMath.logToLinear((float) bestPosterior)));
                }
            }
            out.add(new RecognizedWord(spelling.toLowerCase(Locale.ROOT), startMs / 1000.0, endMs / 1000.0, confidence));
        }
    }

    /** The word lattice with posteriors, or null when Sphinx cannot build it for this result. */
    private static List<Node> posteriors(Result result) {
        try {
            Lattice lattice = new Lattice(result);
            new LatticeOptimizer(lattice).optimize();
            lattice.computeNodePosteriors(1.0f);
            return new ArrayList<>(lattice.getNodes());
        } catch (RuntimeException | AssertionError e) {
            // Sphinx's lattice code asserts/NPEs on some results: confidence falls back to 0.5
            log.debug("sphinx lattice unavailable: {}", e.toString());
            return null;
        }
    }
}
