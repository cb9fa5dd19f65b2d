package io.reelpipe.keyword.candidates;

/**
 * One word of the input.
 *
 * @param surface    the word as written
 * @param norm       lowercased, NFKC-normalised, plural-folded (English) or particle-stripped (Korean) form
 * @param stop       whether it is a stop word (a candidate neither starts nor ends with one)
 * @param clause     index of the clause it belongs to: n-grams never cross punctuation
 * @param closesPhrase whether the word ends its noun phrase whatever follows (a Korean word with a particle such as
 *                   을/에서): it may only be a candidate's last word
 */
public record Token(String surface, String norm, boolean stop, int clause, boolean closesPhrase) {
}
