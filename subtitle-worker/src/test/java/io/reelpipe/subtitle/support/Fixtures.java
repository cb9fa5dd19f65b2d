package io.reelpipe.subtitle.support;

import io.reelpipe.pipeline.testing.LocalStageContext;
import io.reelpipe.subtitle.SubtitleParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test media made once per JVM (espeak-ng speech takes a while on 2 shared cores). */
public final class Fixtures {

    private static Path dir;
    private static SpeechFixture.Track adTrack;
    private static Path adVideo;

    private static io.reelpipe.subtitle.speech.SphinxSpeechEngine sphinx;

    private Fixtures() {
    }

    /** One Sphinx engine for all tests, so its loaded decoder is reused. */
    public static synchronized io.reelpipe.subtitle.speech.SphinxSpeechEngine sphinx() {
        if (sphinx == null) {
            sphinx = new io.reelpipe.subtitle.speech.SphinxSpeechEngine();
        }
        return sphinx;
    }

    /** A filter as the worker builds it, with the given settings. */
    public static io.reelpipe.subtitle.SubtitleFilter filter(io.reelpipe.subtitle.SubtitleProperties props) {
        return new io.reelpipe.subtitle.SubtitleFilter(new io.reelpipe.subtitle.SubtitleProcessor(props, sphinx(),
                io.reelpipe.media.Ffmpeg.bundled()), props);
    }

    /** A subtitles-stage context over {@code root}: {@code video} is the source of asset {@code asset} (tenant acme). */
    public static LocalStageContext.Builder<SubtitleParameters> context(Path root, Path video, String asset,
            SubtitleParameters params) {
        return LocalStageContext.builder("subtitles", params).root(root).tenant("acme").asset(asset).source(video);
    }

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("subtitle-fixtures");
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** The ad script spoken with 0.8 s lead-in, 1.0 s between sentences, 0.7 s tail (about 12 s). */
    public static synchronized SpeechFixture.Track adTrack() {
        if (adTrack == null) {
            adTrack = SpeechFixture.compose(SpeechFixture.AD_SCRIPT, 0.8, 1.0, 0.7, dir());
        }
        return adTrack;
    }

    public static synchronized Path adVideo() {
        if (adVideo == null) {
            adVideo = adTrack().video(dir().resolve("ad-speech.mp4"));
        }
        return adVideo;
    }
}
