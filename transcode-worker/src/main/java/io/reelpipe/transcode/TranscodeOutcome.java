package io.reelpipe.transcode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a transcode produced locally, ready to upload.
 *
 * @param files   every file to upload, in upload order (segments before the playlists that name them, the master
 *                playlist last)
 * @param details       the manifest's {@code details}
 * @param intermediates objects under the stage folder that only served this encode (chunk checkpoints), removed once
 *                      the outputs are stored; commit markers first, so a half-removed checkpoint never counts as done
 */
public record TranscodeOutcome(List<LocalOutput> files, Map<String, Object> details, List<String> intermediates) {

    public TranscodeOutcome(List<LocalOutput> files, Map<String, Object> details) {
        this(files, details, List.of());
    }

    /**
     * @param name   path relative to the stage folder, e.g. {@code hls/720p/seg-00003.ts}
     * @param listed true when the file is listed in the manifest's outputs (playlists and MP4s; segments are reached
     *               through their playlists and counted in the details, so manifests stay small for long videos)
     */
    public record LocalOutput(String name, Path file, String contentType, Map<String, Object> attributes,
                              boolean listed) {
    }

    public TranscodeOutcome {
        files = List.copyOf(files);
        intermediates = intermediates == null ? List.of() : List.copyOf(intermediates);
    }
}
