package io.reelpipe.subtitle;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator settings of the subtitle worker ({@code reelpipe.subtitle.*}).
 *
 * @param engine          speech engine: {@code auto} (default: Whisper when {@code whisper.model-path} is set and
 *                        loads, else Sphinx4), {@code sphinx} (bundled CMU Sphinx4, always available) or
 *                        {@code whisper} (falls back to Sphinx4 with a clear startup warning when it cannot load)
 * @param sphinxAligner   use Sphinx4's forced aligner for word times inside sentences when syncing an English
 *                        script up to 10 minutes long (default true; sentence times come from voice activity
 *                        either way)
 * @param maxScriptBytes  largest script accepted, in bytes of UTF-8 (default 262144)
 * @param whisper         Whisper settings
 * @param confidence      how recognised speech is gated by its word confidences (engine output only)
 */
@ConfigurationProperties("reelpipe.subtitle")
public record SubtitleProperties(
        @DefaultValue("auto") String engine,
        @DefaultValue("true") boolean sphinxAligner,
        @DefaultValue("262144") int maxScriptBytes,
        @DefaultValue Whisper whisper,
        @DefaultValue Confidence confidence) {

    @ConstructorBinding
    public SubtitleProperties {
        confidence = confidence == null ? Confidence.DEFAULT : confidence;
    }

    public SubtitleProperties(String engine, boolean sphinxAligner, int maxScriptBytes, Whisper whisper) {
        this(engine, sphinxAligner, maxScriptBytes, whisper, Confidence.DEFAULT);
    }

    /**
     * @param minWord       a recognised word under this confidence (0..1) is unsure: marked in transcript.json and
     *                      left out of captions (default 0.9: Sphinx's lattice posteriors are over-sure, see the README)
     * @param minTranscript a transcript whose mean word confidence is under this (0..1) is unintelligible: no captions,
     *                      no speech keywords (default 0.9, chosen on the evaluation's dev ads, see the README)
     * @param captions      {@code drop} unsure words from captions (default), {@code flag} them with "(?)", or
     *                      {@code keep} everything
     */
    public record Confidence(
            @DefaultValue("0.9") double minWord,
            @DefaultValue("0.9") double minTranscript,
            @DefaultValue("drop") String captions) {
        public static final Confidence DEFAULT = new Confidence(0.9, 0.9, "drop");

        public io.reelpipe.subtitle.transcript.SpeechConfidence policy() {
            return new io.reelpipe.subtitle.transcript.SpeechConfidence(minWord, minTranscript, captions);
        }
    }

    /**
     * @param modelPath    a whisper.cpp ggml model file (e.g. {@code ggml-base.en.bin}); default none (Whisper off)
     * @param useGpu       let whisper.cpp use the GPU when its natives were built with one (default true)
     * @param threads      CPU threads per recognition, 0 = all cores (default 0)
     * @param chunkSeconds audio fed to whisper per call, bounding memory (default 300)
     */
    public record Whisper(
            Path modelPath,
            @DefaultValue("true") boolean useGpu,
            @DefaultValue("0") int threads,
            @DefaultValue("300") int chunkSeconds) {
    }

    public static SubtitleProperties defaults() {
        return new SubtitleProperties("auto", true, 262_144, new Whisper(null, true, 0, 300));
    }
}
