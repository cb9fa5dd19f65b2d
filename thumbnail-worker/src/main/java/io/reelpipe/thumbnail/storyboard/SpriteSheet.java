package io.reelpipe.thumbnail.storyboard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One written sprite sheet {@code sprite-{index}.jpg}: tiles left to right, top to bottom.
 *
 * @param firstTime start of the first tile's span, seconds
 * @param lastTime  start of the last tile's span, seconds
 */
public record SpriteSheet(int index, String name, Path file, int width, int height, int columns, int rows, int tiles,
        int tileWidth, int tileHeight, double firstTime, double lastTime) {

    /** What the manifest says about the sheet. */
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("index", index);
        a.put("width", width);
        a.put("height", height);
        a.put("columns", columns);
        a.put("rows", rows);
        a.put("tiles", tiles);
        a.put("tileWidth", tileWidth);
        a.put("tileHeight", tileHeight);
        a.put("firstTime", firstTime);
        a.put("lastTime", lastTime);
        return a;
    }
}
