package io.reelpipe.subtitle.captions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes WebVTT (W3C WebVTT, "WEBVTT" header, one blank line between blocks, {@code HH:MM:SS.mmm} times, cue text
 * with {@code & < >} escaped and never containing {@code -->} or a blank line). UTF-8 without BOM, LF line ends.
 */
public final class WebVttWriter {

    private WebVttWriter() {
    }

    public static String toString(List<Cue> cues) {
        StringBuilder sb = new StringBuilder("WEBVTT\n");
        for (Cue cue : cues) {
            sb.append('\n')
                    .append(CaptionTimes.format(cue.start(), '.'))
                    .append(" --> ")
                    .append(CaptionTimes.format(cue.end(), '.'))
                    .append('\n');
            for (String line : cue.lines()) {
                String text = escape(line.strip());
                if (!text.isEmpty()) {
                    sb.append(text).append('\n');
                }
            }
        }
        return sb.toString();
    }

    public static Path write(List<Cue> cues, Path file) {
        try {
            return Files.writeString(file, toString(cues), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        return text.replace("-->", "→")
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
