package io.reelpipe.subtitle.speech;

import io.reelpipe.subtitle.audio.PcmAudio;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Speech-to-text with word times. Implementations stream the audio from its scratch file (bounded memory), report
 * the audio position they reached, and call {@code throwIfCancelled} often enough (about once a second of audio).
 * Thread-safe: a worker runs several stages at once.
 */
public interface SpeechEngine {

    /** Short engine name for the manifest: {@code sphinx}, {@code whisper}. */
    String name();

    /** The model in use, for the manifest. */
    String model();

    /** Whether the engine has a model for this language (BCP 47 / ISO 639 tag). */
    boolean supports(String language);

    /**
     * @param audio            16 kHz mono s16le
     * @param language         the spoken language
     * @param position         receives the seconds of audio processed so far
     * @param throwIfCancelled throws when the stage was cancelled
     */
    List<RecognizedWord> recognize(PcmAudio audio, String language, DoubleConsumer position, Runnable throwIfCancelled);
}
