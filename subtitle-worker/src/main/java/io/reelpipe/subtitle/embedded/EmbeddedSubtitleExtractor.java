package io.reelpipe.subtitle.embedded;

import io.reelpipe.media.CancellationCheck;
import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.media.ProgressListener;
import io.reelpipe.media.SubtitleStream;
import io.reelpipe.subtitle.Languages;
import io.reelpipe.subtitle.captions.Cue;
import io.reelpipe.subtitle.captions.SrtParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text subtitle streams in the container (mov_text, subrip, webvtt, ass/ssa, …) converted with the bundled ffmpeg
 * ({@code -map 0:N -c:s srt -f srt}) and parsed back, keeping their timing. Bitmap subtitles (PGS, DVB) are skipped.
 */
public final class EmbeddedSubtitleExtractor {

    private final Ffmpeg ffmpeg;

    public EmbeddedSubtitleExtractor(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** One extracted track. {@code language} is normalised (ISO 639-1 where one exists). */
    public record Track(String language, SubtitleStream stream, List<Cue> cues) {
        public Track {
            cues = List.copyOf(cues);
        }
    }

    /**
     * The text streams chosen for the requested languages: per language the default track, else the first; a stream
     * without a language tag stands for the first requested language no tagged stream covers.
     */
    public static Map<String, SubtitleStream> choose(MediaInfo info, List<String> languages) {
        Map<String, SubtitleStream> chosen = new LinkedHashMap<>();
        List<SubtitleStream> text = info.subtitleStreams().stream().filter(SubtitleStream::textBased).toList();
        for (String lang : languages) {
            text.stream().filter(s -> Languages.sameLanguage(s.language(), lang))
                    .sorted((a, b) -> Boolean.compare(b.defaultTrack(), a.defaultTrack()))
                    .findFirst()
                    .ifPresent(s -> chosen.put(lang, s));
        }
        List<SubtitleStream> untagged = text.stream().filter(s -> s.language() == null).toList();
        int u = 0;
        for (String lang : languages) {
            if (!chosen.containsKey(lang) && u < untagged.size()) {
                chosen.put(lang, untagged.get(u++));
            }
        }
        return chosen;
    }

    public List<Track> extract(Path source, Map<String, SubtitleStream> streams, Path workDir,
            ProgressListener progress, CancellationCheck cancel) {
        List<Track> tracks = new ArrayList<>();
        for (Map.Entry<String, SubtitleStream> e : streams.entrySet()) {
            SubtitleStream s = e.getValue();
            Path srt = workDir.resolve("embedded-" + s.index() + ".srt");
            ffmpeg.run(FfmpegCommand.builder()
                    .input(source)
                    .args("-map", "0:" + s.index(), "-c:s", "srt", "-f", "srt")
                    .output(srt)
                    .build(), progress, cancel);
            try {
                tracks.add(new Track(e.getKey(), s, SrtParser.parse(Files.readString(srt, StandardCharsets.UTF_8))));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return tracks;
    }
}
