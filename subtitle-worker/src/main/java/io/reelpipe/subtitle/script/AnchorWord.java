package io.reelpipe.subtitle.script;

/** A word a forced aligner placed in the audio: normalised spelling and seconds. */
public record AnchorWord(String word, double start, double end) {
}
