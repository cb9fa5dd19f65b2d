package io.reelpipe.thumbnail.storyboard;

import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.thumbnail.ThumbnailParameters;
import java.time.Duration;

/**
 * Where every storyboard tile goes and which span of the video it stands for. Tile {@code i} covers
 * {@code [start(i), end(i))}; the spans are contiguous from 0 to the duration (the last one ends at the duration),
 * and the tile shows the picture at (or, on the fast path, the first keyframe in) its span.
 *
 * @param durationMicros  video length
 * @param intervalMicros  span of one tile (fractional when {@code count} was asked for)
 * @param tiles           number of tiles
 * @param columns         tiles per sprite row
 * @param rows            tile rows per full sprite sheet
 * @param tileWidth       pixels (even)
 * @param tileHeight      pixels (even), from the display aspect ratio of the upright picture
 */
public record StoryboardPlan(long durationMicros, double intervalMicros, int tiles, int columns, int rows,
        int tileWidth, int tileHeight) {

    /** Tiles are never shorter than this, whatever {@code count} asks for. */
    static final long MIN_INTERVAL_MICROS = 100_000;
    /** All tiles together (2 h every second at 160x90 is 104 Mpx): bounds memory when sheets cannot be written early. */
    static final long MAX_PIXELS = 120_000_000;

    /**
     * @param displayWidth  upright display width of the video (SAR and rotation applied)
     * @param displayHeight upright display height
     */
    public static StoryboardPlan of(ThumbnailParameters.Storyboard p, Duration duration, int displayWidth, int displayHeight) {
        long d = Math.max(1, duration.toNanos() / 1000);
        double interval;
        int tiles;
        if (p.count() != null) {
            tiles = (int) Math.max(1, Math.min(p.count(), d / MIN_INTERVAL_MICROS));
            interval = d / (double) tiles;
        } else {
            Duration every = p.interval() != null ? p.interval() : auto(duration);
            interval = every.toNanos() / 1000.0;
            tiles = (int) Math.max(1, Math.ceil(d / interval));
            // a last tile for a sliver of the video (under a quarter interval) is merged into the one before
            double rest = d - (tiles - 1) * interval;
            if (tiles > 1 && rest < interval / 4) {
                tiles--;
            }
        }
        int tw = Math.max(2, Math.min(p.width(), displayWidth) & ~1);
        int th = Math.max(2, (int) Math.round(tw * displayHeight / (double) displayWidth) & ~1);
        if ((long) tiles * tw * th > MAX_PIXELS) {
            throw new PermanentStageException("the storyboard would have " + tiles + " tiles of " + tw + "x" + th
                    + " px, more than " + MAX_PIXELS / 1_000_000 + " megapixels: ask for a larger storyboard.every,"
                    + " a smaller count or a smaller width");
        }
        return new StoryboardPlan(d, interval, tiles, p.columns(), p.rows(), tw, th);
    }

    /** {@code auto}: 1 s up to 2 minutes, else the smallest of 2, 5, 10, 15, 30, 60 s giving at most 900 tiles. */
    static Duration auto(Duration duration) {
        if (duration.compareTo(Duration.ofMinutes(2)) <= 0) {
            return Duration.ofSeconds(1);
        }
        for (int s : new int[] {2, 5, 10, 15, 30}) {
            if (duration.toMillis() / (s * 1000.0) <= 900) {
                return Duration.ofSeconds(s);
            }
        }
        return Duration.ofSeconds(60);
    }

    public long startMicros(int tile) {
        return Math.round(tile * intervalMicros);
    }

    public long endMicros(int tile) {
        return tile >= tiles - 1 ? durationMicros : startMicros(tile + 1);
    }

    /** The tile whose span holds {@code micros} (clamped to the first and last tile). */
    public int tileAt(long micros) {
        int i = (int) Math.floor(micros / intervalMicros);
        return Math.max(0, Math.min(tiles - 1, i));
    }

    public int tilesPerSheet() {
        return columns * rows;
    }

    public int sheets() {
        return (tiles + tilesPerSheet() - 1) / tilesPerSheet();
    }

    public int sheetOf(int tile) {
        return tile / tilesPerSheet();
    }

    public int firstTileOf(int sheet) {
        return sheet * tilesPerSheet();
    }

    public int tilesIn(int sheet) {
        return Math.min(tilesPerSheet(), tiles - firstTileOf(sheet));
    }

    /** Columns actually used by a sheet (a short last sheet with a single row is narrower). */
    public int columnsIn(int sheet) {
        return Math.min(columns, tilesIn(sheet));
    }

    public int rowsIn(int sheet) {
        return (tilesIn(sheet) + columns - 1) / columns;
    }

    public int sheetWidth(int sheet) {
        return columnsIn(sheet) * tileWidth;
    }

    public int sheetHeight(int sheet) {
        return rowsIn(sheet) * tileHeight;
    }

    public int x(int tile) {
        return (tile % tilesPerSheet()) % columns * tileWidth;
    }

    public int y(int tile) {
        return (tile % tilesPerSheet()) / columns * tileHeight;
    }
}
