package io.reelpipe.thumbnail;

/**
 * The {@code with} block of a thumbnail stage.
 *
 * @param poster {@code auto} (pick a representative frame) or a time: {@code 12.5}, {@code 12.5s}, {@code 00:00:12.5}
 */
public record ThumbnailParameters(String poster) {
    public ThumbnailParameters {
        poster = poster == null || poster.isBlank() ? "auto" : poster.trim();
    }
}
