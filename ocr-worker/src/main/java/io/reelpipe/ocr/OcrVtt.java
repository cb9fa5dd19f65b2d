package io.reelpipe.ocr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ocr.vtt}: a WebVTT metadata track ({@code <track kind="metadata">}), one cue per time an item is on screen,
 * its payload one line of JSON ({@code {"id":1,"text":"…","language":"en","confidence":95.1,"box":{…}}}), so a
 * player can highlight or search on-screen text in sync.
 */
final class OcrVtt {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OcrVtt() {
    }

    record Payload(int id, String text, String language, double confidence, OcrDocument.Box box) {
    }

    static String of(OcrDocument doc) {
        record Cue(double start, double end, String payload) {
        }
        List<Cue> cues = new ArrayList<>();
        for (OcrDocument.Item item : doc.items()) {
            for (OcrDocument.Range r : item.ranges()) {
                String json = JSON.writeValueAsString(new Payload(item.id(), item.text(), item.language(),
                        item.confidence(), r.box()));
                // "-->" may not appear in a cue payload; JSON lets us escape the '>' instead
                cues.add(new Cue(r.start(), r.end(), json.replace("-->", "--\\u003e")));
            }
        }
        cues.sort(Comparator.comparingDouble(Cue::start).thenComparingDouble(Cue::end));
        StringBuilder sb = new StringBuilder("WEBVTT - on-screen text (reelpipe ocr)\n\n");
        int n = 0;
        for (Cue c : cues) {
            sb.append("ocr-").append(++n).append('\n')
                    .append(time(c.start())).append(" --> ").append(time(Math.max(c.end(), c.start() + 0.001))).append('\n')
                    .append(c.payload()).append("\n\n");
        }
        return sb.toString();
    }

    static String time(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60,
                ms % 1000);
    }
}
