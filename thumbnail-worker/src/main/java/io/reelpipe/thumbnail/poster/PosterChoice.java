package io.reelpipe.thumbnail.poster;

import java.nio.file.Path;
import java.util.Map;

/** The chosen poster: the JPEG written to scratch, and what the manifest says about it (time, size, score). */
public record PosterChoice(Path file, Map<String, Object> attributes) {
}
