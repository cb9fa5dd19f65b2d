package io.reelpipe.subtitle.speech;

import edu.cmu.sphinx.api.Configuration;
import java.util.Locale;

/** The US English model that ships inside {@code de.sciss:sphinx4-data:1.0.0} (CMU Sphinx en-us 5.2). */
public final class SphinxModels {

    public static final String ACOUSTIC = "resource:/edu/cmu/sphinx/models/en-us/en-us";
    public static final String DICTIONARY = "resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    public static final String LANGUAGE_MODEL = "resource:/edu/cmu/sphinx/models/en-us/en-us.lm.bin";
    /** What the manifest records as the model. */
    public static final String NAME = "cmusphinx-en-us-5.2 (de.sciss:sphinx4-data:1.0.0)";

    /** Sphinx4 logs through java.util.logging under this logger, chattily (INFO, dictionary warnings). */
    private static final java.util.logging.Logger SPHINX_LOG = java.util.logging.Logger.getLogger("default.config");
    /** SpeechAligner logs each alignment pass at INFO. */
    private static final java.util.logging.Logger ALIGNER_LOG =
            java.util.logging.Logger.getLogger("SpeechAligner");

    private SphinxModels() {
    }

    /** Call after creating a Sphinx {@code Context} (which resets the level): only SEVERE gets through. */
    public static void quietLogging() {
        SPHINX_LOG.setLevel(java.util.logging.Level.SEVERE);
        ALIGNER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public static Configuration configuration() {
        Configuration c = new Configuration();
        c.setAcousticModelPath(ACOUSTIC);
        c.setDictionaryPath(DICTIONARY);
        c.setLanguageModelPath(LANGUAGE_MODEL);
        c.setSampleRate(16_000);
        return c;
    }

    /** True for English tags: {@code en}, {@code en-US}, {@code eng}. */
    public static boolean isEnglish(String language) {
        if (language == null) {
            return false;
        }
        String l = language.toLowerCase(Locale.ROOT);
        return l.equals("en") || l.equals("eng") || l.startsWith("en-") || l.startsWith("en_");
    }
}
