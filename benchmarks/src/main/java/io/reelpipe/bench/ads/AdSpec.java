package io.reelpipe.bench.ads;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated ad whose words are known: what is said, what is shown, what is given, and the five brand/product
 * words an editor would keep.
 *
 * @param gold   the five brand/product words (single words, lower case)
 * @param script the voice-over, sentence by sentence
 * @param cards  on-screen texts, in order; each shown for an equal share of the ad
 * @param voice  espeak-ng voice ({@code en-us}, {@code en-gb+f3}, {@code ko}) and {@code speed} in words per minute
 * @param font   Java2D font family the cards are drawn in; {@code size} in pixels at 960×540
 * @param music  lavfi source of the music bed, mixed under the voice
 */
record AdSpec(int index, String language, String title, List<String> gold, List<String> script, List<String> cards,
              String voice, int speed, String font, int size, java.awt.Color color, String music) {

    /** Every fourth ad is held out: figures are reported for it separately, nothing was tuned on it. */
    boolean heldOut() {
        return index % 4 == 3;
    }

    String id() {
        return String.format("ad-%02d-%s", index, language);
    }

    String spoken() {
        return String.join(" ", script);
    }

    /** Every word said, shown or given (lower case), for the "grounded" check. */
    List<String> groundWords() {
        List<String> all = new ArrayList<>();
        for (String s : List.of(spoken(), String.join(" ", cards), title)) {
            for (String w : s.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!w.isBlank()) {
                    all.add(w);
                }
            }
        }
        return all;
    }
}
