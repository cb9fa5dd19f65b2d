package io.reelpipe.subtitle.speech;

/** A recognised word: lower-case spelling as the engine gives it, seconds, and confidence 0..1. */
public record RecognizedWord(String word, double start, double end, double confidence) {
}
