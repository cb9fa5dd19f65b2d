package io.reelpipe.subtitle.speech;

import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperContextParams;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import io.reelpipe.subtitle.audio.PcmAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * Whisper (whisper.cpp through {@code io.github.givimad:whisper-jni}) with a ggml model file an operator provides
 * ({@code reelpipe.subtitle.whisper.model-path}); no model ships in any package reachable here. Audio is fed in
 * chunks ({@code chunk-seconds}, default 300 s) so memory stays bounded; each chunk gets its own whisper state, so
 * stages run in parallel on one loaded model.
 *
 * <p>whisper-jni 1.7.1 exposes segment times only (no token times or probabilities): words are spread over their
 * segment by length, and their confidence is reported as 1.0.
 */
public final class WhisperSpeechEngine implements SpeechEngine {

    private final WhisperJNI whisper;
    private final WhisperContext context;
    private final String model;
    private final boolean multilingual;
    private final int threads;
    private final int chunkSeconds;

    private WhisperSpeechEngine(WhisperJNI whisper, WhisperContext context, String model, int threads, int chunkSeconds) {
        this.whisper = whisper;
        this.context = context;
        this.model = model;
        this.multilingual = whisper.isMultilingual(context);
        this.threads = threads;
        this.chunkSeconds = chunkSeconds;
    }

    /**
     * Loads the natives and the model.
     *
     * @throws IOException          when the model file is missing or unreadable
     * @throws UnsatisfiedLinkError when the natives do not load on this machine
     */
    public static WhisperSpeechEngine load(Path modelPath, boolean useGpu, int threads, int chunkSeconds)
            throws IOException {
        if (!Files.isReadable(modelPath)) {
            throw new IOException("model file " + modelPath + " does not exist or is not readable");
        }
        WhisperJNI.loadLibrary();
        WhisperJNI whisper = new WhisperJNI();
        WhisperContextParams params = new WhisperContextParams();
        params.useGPU = useGpu;
        WhisperContext context = whisper.init(modelPath, params);
        if (context == null) {
            throw new IOException("whisper could not load the model " + modelPath);
        }
        return new WhisperSpeechEngine(whisper, context, modelPath.getFileName().toString(), threads, chunkSeconds);
    }

    @Override
    public String name() {
        return "whisper";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean supports(String language) {
        return multilingual || SphinxModels.isEnglish(language);
    }

    @Override
    public List<RecognizedWord> recognize(PcmAudio audio, String language, DoubleConsumer position,
            Runnable throwIfCancelled) {
        List<RecognizedWord> words = new ArrayList<>();
        int chunkSamples = chunkSeconds * audio.sampleRate();
        byte[] buf = new byte[chunkSamples * 2];
        long offsetSamples = 0;
        try (InputStream in = audio.open()) {
            while (true) {
                throwIfCancelled.run();
                int read = in.readNBytes(buf, 0, buf.length);
                int n = read / 2;
                if (n == 0) {
                    break;
                }
                float[] samples = new float[n];
                for (int i = 0; i < n; i++) {
                    samples[i] = (short) ((buf[2 * i] & 0xff) | (buf[2 * i + 1] << 8)) / 32768f;
                }
                transcribe(samples, language, offsetSamples / (double) audio.sampleRate(), words);
                offsetSamples += n;
                position.accept(offsetSamples / (double) audio.sampleRate());
                if (read < buf.length) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    private void transcribe(float[] samples, String language, double offset, List<RecognizedWord> out) {
        WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        params.language = language.toLowerCase(Locale.ROOT).substring(0, Math.min(2, language.length()));
        params.nThreads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
        params.printProgress = false;
        params.printRealtime = false;
        params.printTimestamps = false;
        params.printSpecial = false;
        WhisperState state = whisper.initState(context);
        try {
            int rc = whisper.fullWithState(context, state, params, samples, samples.length);
            if (rc != 0) {
                throw new IllegalStateException("whisper failed with code " + rc);
            }
            int segments = whisper.fullNSegmentsFromState(state);
            for (int i = 0; i < segments; i++) {
                double t0 = offset + whisper.fullGetSegmentTimestamp0FromState(state, i) / 100.0;
                double t1 = offset + whisper.fullGetSegmentTimestamp1FromState(state, i) / 100.0;
                spread(whisper.fullGetSegmentTextFromState(state, i), t0, Math.max(t0, t1), out);
            }
        } finally {
            whisper.free(state);
        }
    }

    /** Spreads a segment's words over its time by length. */
    static void spread(String text, double start, double end, List<RecognizedWord> out) {
        String[] tokens = text.strip().split("\\s+");
        double total = 0;
        for (String t : tokens) {
            total += t.length() + 1;
        }
        double acc = 0;
        for (String t : tokens) {
            if (t.isBlank()) {
                continue;
            }
            double s = start + (end - start) * acc / total;
            acc += t.length() + 1;
            double e = start + (end - start) * acc / total;
            out.add(new RecognizedWord(t, s, e, 1.0));
        }
    }
}
