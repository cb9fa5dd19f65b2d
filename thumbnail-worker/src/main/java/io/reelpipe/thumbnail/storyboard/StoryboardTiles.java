package io.reelpipe.thumbnail.storyboard;

import io.reelpipe.media.JpegWriter;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sprite sheets being filled. Two ways to place decoded pictures, both fed frames in time order:
 * {@link #offerKeyframe} (fast path: the first keyframe inside a tile's span fills it) and {@link #offerFrame}
 * (exact: a tile gets the picture on screen at its start). Sheets are allocated when first drawn on and
 * encoded to {@code sprite-{n}.jpg} as soon as their last tile is filled, so a pass that fills tiles in order holds
 * about one sheet in memory. Not thread-safe.
 */
public final class StoryboardTiles {

    /** A frame up to this early still counts as "at" a tile's start (timestamps are rounded). */
    private static final long SLACK_MICROS = 1_000;

    private final StoryboardPlan plan;
    private final Path dir;
    private final float quality;
    private final BufferedImage[] sheets;
    private final SpriteSheet[] written;
    private final int[] filledInSheet;
    private final boolean[] filled;
    private int filledCount;
    private int pending;            // exact mode: first tile not yet given its picture
    private BufferedImage previous; // exact mode: last frame seen

    /** Sheets go to {@code dir} as JPEGs of {@code quality} (0..1). */
    public StoryboardTiles(StoryboardPlan plan, Path dir, float quality) {
        this.plan = plan;
        this.dir = dir;
        this.quality = quality;
        this.sheets = new BufferedImage[plan.sheets()];
        this.written = new SpriteSheet[plan.sheets()];
        this.filledInSheet = new int[plan.sheets()];
        this.filled = new boolean[plan.tiles()];
    }

    public StoryboardPlan plan() {
        return plan;
    }

    /** Fast path: a keyframe at {@code micros} fills its tile if the tile has no picture yet. */
    public void offerKeyframe(long micros, BufferedImage img) {
        int tile = plan.tileAt(micros + SLACK_MICROS);
        if (micros + SLACK_MICROS >= plan.startMicros(tile) && micros < plan.endMicros(tile)) {
            put(tile, img, false);
        }
    }

    /**
     * Exact path, fed every decoded frame in order: each tile gets the last frame at or before its start (the
     * picture a player shows there). Tiles that already hold a picture are left alone.
     */
    public void offerFrame(long micros, BufferedImage img) {
        while (pending < plan.tiles() && plan.startMicros(pending) + SLACK_MICROS < micros) {
            put(pending++, previous != null ? previous : img, false);
        }
        if (pending < plan.tiles() && plan.startMicros(pending) <= micros + SLACK_MICROS) {
            put(pending++, img, false);
        }
        previous = img;
    }

    /** Exact path: tiles after the last frame get the last frame. */
    public void finishFrames() {
        while (previous != null && pending < plan.tiles()) {
            put(pending++, previous, false);
        }
    }

    /** Puts a picture into a tile, replacing what was there when {@code replace}. */
    public void put(int tile, BufferedImage img, boolean replace) {
        if (filled[tile] && !replace) {
            return;
        }
        int sheet = plan.sheetOf(tile);
        if (written[sheet] != null) {
            throw new IllegalStateException("sprite " + sheet + " was already written");
        }
        if (sheets[sheet] == null) {
            sheets[sheet] = new BufferedImage(plan.sheetWidth(sheet), plan.sheetHeight(sheet), BufferedImage.TYPE_3BYTE_BGR);
        }
        Graphics2D g = sheets[sheet].createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        if (img.getWidth() == plan.tileWidth() && img.getHeight() == plan.tileHeight()) {
            g.drawImage(img, plan.x(tile), plan.y(tile), null);
        } else {
            g.drawImage(img, plan.x(tile), plan.y(tile), plan.tileWidth(), plan.tileHeight(), null);
        }
        g.dispose();
        if (!filled[tile]) {
            filled[tile] = true;
            filledCount++;
            if (++filledInSheet[sheet] == plan.tilesIn(sheet)) {
                flush(sheet);
            }
        }
    }

    public boolean filled(int tile) {
        return filled[tile];
    }

    public int filledCount() {
        return filledCount;
    }

    /** Tiles without a picture yet. */
    public List<Integer> missing() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < filled.length; i++) {
            if (!filled[i]) {
                out.add(i);
            }
        }
        return out;
    }

    /** Encodes the sheets not written yet (tiles never filled stay black) and returns all of them in order. */
    public List<SpriteSheet> write() {
        List<SpriteSheet> out = new ArrayList<>();
        for (int s = 0; s < sheets.length; s++) {
            if (written[s] == null) {
                flush(s);
            }
            out.add(written[s]);
        }
        return out;
    }

    private void flush(int s) {
        BufferedImage img = sheets[s];
        if (img == null) {
            img = new BufferedImage(plan.sheetWidth(s), plan.sheetHeight(s), BufferedImage.TYPE_3BYTE_BGR);
        }
        String name = "sprite-" + s + ".jpg";
        Path file = JpegWriter.write(img, quality, dir.resolve(name));
        int first = plan.firstTileOf(s);
        int last = first + plan.tilesIn(s) - 1;
        written[s] = new SpriteSheet(s, name, file, img.getWidth(), img.getHeight(), plan.columnsIn(s), plan.rowsIn(s),
                plan.tilesIn(s), plan.tileWidth(), plan.tileHeight(), seconds(plan.startMicros(first)),
                seconds(plan.startMicros(last)));
        sheets[s] = null;
    }

    static double seconds(long micros) {
        return Math.round(micros / 1000.0) / 1000.0;
    }
}
