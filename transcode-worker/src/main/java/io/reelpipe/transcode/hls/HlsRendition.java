package io.reelpipe.transcode.hls;

import io.reelpipe.transcode.TranscodeSpec.Variant;
import java.nio.file.Path;
import java.util.List;

/** One variant stream written to a local folder: its media playlist and segments. */
public record HlsRendition(Variant variant, Path playlist, MediaPlaylist media) {

    public String name() {
        return variant.name();
    }

    public Path dir() {
        return playlist.getParent();
    }

    public List<Path> segmentFiles() {
        return media.segments().stream().map(s -> dir().resolve(s.uri())).toList();
    }
}
