package io.reelpipe.subtitle.captions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes SubRip: numbered blocks from 1, {@code HH:MM:SS,mmm --> HH:MM:SS,mmm}, text, a blank line. UTF-8, LF. */
public final class SrtWriter {

    private SrtWriter() {
    }

    public static String toString(List<Cue> cues) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Cue cue : cues) {
            sb.append(++n).append('\n')
                    .append(CaptionTimes.format(cue.start(), ','))
                    .append(" --> ")
                    .append(CaptionTimes.format(cue.end(), ','))
                    .append('\n');
            for (String line : cue.lines()) {
                String text = line.strip().replace("-->", "→");
                if (!text.isEmpty()) {
                    sb.append(text).append('\n');
                }
            }
            sb.append('\n');
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
}
