package io.reelpipe.ocr.track;

import io.reelpipe.ocr.engine.TextLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows lines of text across sampled frames so that a card shown for three seconds is one item, not six. A line
 * continues a track when its normalised text is close to the track's (edit-distance similarity, so one misread
 * letter does not split it) and it sits where the track was or says exactly the same; a track unseen for longer
 * than {@code maxGap} ends. Tracks seen in fewer than {@code minFrames} samples are dropped: texture that
 * Tesseract reads as letters rarely reads the same way twice; so are tracks of a single letter or syllable (the
 * fragments of a misread word). Tracks that say the same thing at different times become one item with several
 * ranges.
 */
public final class TextTracker {

    private static final double SAME_TEXT = 0.75;
    private static final double SAME_PLACE = 0.3;

    private final double step;
    private final double maxGap;
    private final int minFrames;
    private final List<Track> open = new ArrayList<>();
    private final List<Track> closed = new ArrayList<>();

    /**
     * @param step      seconds between samples: a track's last sighting covers this long
     * @param minFrames samples a track needs to be kept (1 keeps everything)
     */
    public TextTracker(double step, int minFrames) {
        this.step = step;
        this.maxGap = step * 2.5;
        this.minFrames = minFrames;
    }

    /** The lines read in the frame at {@code time} seconds (frames in time order). */
    public void accept(double time, List<TextLine> lines) {
        for (var it = open.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (time - t.last > maxGap) {
                closed.add(t);
                it.remove();
            }
        }
        List<Track> taken = new ArrayList<>();
        for (TextLine line : lines) {
            String key = normalise(line.text());
            if (key.isEmpty()) {
                continue;
            }
            Track best = null;
            double bestScore = 0;
            for (Track t : open) {
                if (taken.contains(t) || t.last >= time) {
                    continue;
                }
                double sim = Similarity.of(key, t.key());
                boolean samePlace = t.lastBox.iou(line.box()) >= SAME_PLACE;
                if (sim >= SAME_TEXT && (samePlace || sim == 1.0) && sim > bestScore) {
                    best = t;
                    bestScore = sim;
                }
            }
            if (best == null) {
                best = new Track(time);
                open.add(best);
            }
            best.add(time, line, key);
            taken.add(best);
        }
    }

    /** The items, first shown first; {@code end} is the video's duration in seconds (ranges never pass it). */
    public List<TextItem> finish(double end) {
        closed.addAll(open);
        open.clear();
        Map<String, List<Track>> byText = new LinkedHashMap<>();
        closed.stream()
                .filter(t -> t.frames >= minFrames)
                // one letter or syllable alone on screen is a fragment of a word that was misread, not a text
                .filter(t -> normalise(t.bestText()).replace(" ", "").codePointCount(0,
                        normalise(t.bestText()).replace(" ", "").length()) >= 2)
                .sorted(Comparator.comparingDouble(t -> t.first))
                .forEach(t -> byText.computeIfAbsent(normalise(t.bestText()), k -> new ArrayList<>()).add(t));
        List<TextItem> items = new ArrayList<>();
        for (List<Track> same : byText.values()) {
            List<TextItem.Range> ranges = new ArrayList<>();
            double confSum = 0;
            int frames = 0;
            Map<String, Integer> langs = new HashMap<>();
            Map<String, Double> texts = new HashMap<>();
            for (Track t : same) {
                ranges.add(new TextItem.Range(t.first, Math.min(end, t.last + step), t.box));
                confSum += t.confSum;
                frames += t.frames;
                t.langs.forEach((k, v) -> langs.merge(k, v, Integer::sum));
                t.readings.forEach((k, v) -> texts.merge(k, v, Double::sum));
            }
            items.add(new TextItem(best(texts), best(langs), confSum / frames, frames, List.copyOf(ranges)));
        }
        return items;
    }

    private static <N extends Number> String best(Map<String, N> weights) {
        return weights.entrySet().stream().max(Comparator.comparingDouble(e -> e.getValue().doubleValue()))
                .map(Map.Entry::getKey).orElse("");
    }

    /** Lower case, letters and digits only, single spaces: what two readings of one line share. */
    static String normalise(String text) {
        StringBuilder sb = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (space && !sb.isEmpty()) {
                    sb.append(' ');
                }
                space = false;
                sb.appendCodePoint(Character.toLowerCase(cp));
            } else if (Character.isWhitespace(cp)) {
                space = true;
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static final class Track {
        final double first;
        double last;
        int frames;
        double confSum;
        TextLine.Box box;
        TextLine.Box lastBox;
        final Map<String, Double> readings = new HashMap<>();
        final Map<String, Integer> langs = new HashMap<>();
        private String key;

        Track(double first) {
            this.first = first;
        }

        void add(double time, TextLine line, String normalised) {
            last = time;
            frames++;
            confSum += line.confidence();
            box = box == null ? line.box() : box.union(line.box());
            lastBox = line.box();
            // a reading's weight is its confidence, so the clearest frames decide the spelling
            readings.merge(line.text(), line.confidence(), Double::sum);
            langs.merge(line.language(), 1, Integer::sum);
            key = normalise(bestText());
            if (key.isEmpty()) {
                key = normalised;
            }
        }

        String key() {
            return key;
        }

        String bestText() {
            return best(readings);
        }
    }
}
