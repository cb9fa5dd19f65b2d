package io.reelpipe.thumbnail.storyboard;

import java.util.Locale;

/**
 * The WebVTT storyboard players read (video.js, Vidstack, Plyr, Mux/hls.js-based players): one cue per tile,
 * contiguous from 0 to the duration, whose payload is the sprite's relative URL with a media fragment:
 *
 * <pre>
 * WEBVTT
 *
 * 00:00:00.000 --&gt; 00:00:02.000
 * sprite-0.jpg#xywh=0,0,160,90
 * </pre>
 */
public final class StoryboardVtt {

    private StoryboardVtt() {
    }

    public static String render(StoryboardPlan plan) {
        StringBuilder sb = new StringBuilder(64 + plan.tiles() * 64);
        sb.append("WEBVTT\n");
        for (int i = 0; i < plan.tiles(); i++) {
            sb.append('\n')
                    .append(timestamp(millis(plan.startMicros(i)))).append(" --> ")
                    .append(timestamp(i == plan.tiles() - 1 ? millis(plan.durationMicros()) : millis(plan.startMicros(i + 1))))
                    .append('\n')
                    .append("sprite-").append(plan.sheetOf(i)).append(".jpg#xywh=")
                    .append(plan.x(i)).append(',').append(plan.y(i)).append(',')
                    .append(plan.tileWidth()).append(',').append(plan.tileHeight()).append('\n');
        }
        return sb.toString();
    }

    private static long millis(long micros) {
        return Math.round(micros / 1000.0);
    }

    /** {@code HH:MM:SS.mmm}, hours always present (valid WebVTT, and what most players' parsers expect). */
    public static String timestamp(long millis) {
        long ms = Math.max(0, millis);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
