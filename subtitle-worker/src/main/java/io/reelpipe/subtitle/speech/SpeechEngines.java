package io.reelpipe.subtitle.speech;

import io.reelpipe.subtitle.SubtitleProperties;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the speech engine at startup and says which, and why, in one log line. */
public final class SpeechEngines {

    private static final Logger log = LoggerFactory.getLogger(SpeechEngines.class);

    private SpeechEngines() {
    }

    public static SpeechEngine select(SubtitleProperties props) {
        String engine = props.engine() == null ? "auto" : props.engine().strip().toLowerCase(Locale.ROOT);
        Path modelPath = props.whisper().modelPath();
        switch (engine) {
            case "sphinx" -> {
                log.info("event=speech-engine engine=sphinx model=\"{}\" reason=\"configured\"", SphinxModels.NAME);
                return new SphinxSpeechEngine();
            }
            case "auto", "whisper" -> {
                if (modelPath == null) {
                    if (engine.equals("whisper")) {
                        log.warn("event=speech-engine engine=sphinx reason=\"reelpipe.subtitle.engine=whisper but "
                                + "reelpipe.subtitle.whisper.model-path is not set: using the bundled Sphinx4 engine; "
                                + "set model-path to a whisper.cpp ggml model file to enable Whisper\"");
                    } else {
                        log.info("event=speech-engine engine=sphinx model=\"{}\" reason=\"no Whisper model configured "
                                + "(reelpipe.subtitle.whisper.model-path)\"", SphinxModels.NAME);
                    }
                    return new SphinxSpeechEngine();
                }
                try {
                    SubtitleProperties.Whisper w = props.whisper();
                    WhisperSpeechEngine whisper = WhisperSpeechEngine.load(modelPath, w.useGpu(), w.threads(),
                            Math.max(30, w.chunkSeconds()));
                    log.info("event=speech-engine engine=whisper model=\"{}\" gpu={}", whisper.model(), w.useGpu());
                    return whisper;
                } catch (Exception | LinkageError e) {
                    log.warn("event=speech-engine engine=sphinx reason=\"Whisper is configured "
                            + "(reelpipe.subtitle.whisper.model-path={}) but could not be loaded: {}; using the bundled "
                            + "Sphinx4 engine\"", modelPath, e.toString());
                    return new SphinxSpeechEngine();
                }
            }
            default -> throw new IllegalArgumentException("reelpipe.subtitle.engine must be auto, sphinx or whisper, got '"
                    + props.engine() + "'");
        }
    }
}
