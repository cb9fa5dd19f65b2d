package io.reelpipe.transcode.ladder;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One requested ladder rung: a name ({@code 720p}) or explicit values. {@code width × height} is a bounding box for
 * the picture (the source's aspect ratio is kept); a landscape box is turned for portrait sources. Bitrates accept
 * {@code 800k}, {@code 2.5M} or bits per second; left out, they come from the standard ladder (named rungs) or the
 * pixel count (explicit rungs).
 */
public record RungSpec(String name, Integer width, Integer height, String videoBitrate, String audioBitrate) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmM]?)(?:bps|b/s)?");

    /** The standard rungs: landscape box, video and audio bits per second. */
    public record Standard(int width, int height, long videoBitrate, long audioBitrate) {
    }

    public static final Map<String, Standard> STANDARD = Map.ofEntries(
            Map.entry("2160p", new Standard(3840, 2160, 14_000_000, 160_000)),
            Map.entry("1440p", new Standard(2560, 1440, 8_000_000, 160_000)),
            Map.entry("1080p", new Standard(1920, 1080, 5_000_000, 128_000)),
            Map.entry("720p", new Standard(1280, 720, 2_800_000, 128_000)),
            Map.entry("540p", new Standard(960, 540, 2_000_000, 128_000)),
            Map.entry("480p", new Standard(854, 480, 1_400_000, 128_000)),
            Map.entry("360p", new Standard(640, 360, 800_000, 96_000)),
            Map.entry("240p", new Standard(426, 240, 400_000, 64_000)),
            Map.entry("144p", new Standard(256, 144, 200_000, 48_000)));

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public RungSpec {
        if (name == null || name.isBlank()) {
            if (height != null) {
                name = height + "p";
            } else {
                throw new IllegalArgumentException("a ladder rung needs a name or a height");
            }
        }
        name = name.strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rung name '" + name + "' must be letters, digits, '-' or '_'");
        }
        if (width == null && height == null) {
            Standard std = STANDARD.get(name.toLowerCase(Locale.ROOT));
            if (std == null) {
                throw new IllegalArgumentException("unknown rung '" + name + "' (named rungs: 2160p, 1440p, 1080p, "
                        + "720p, 540p, 480p, 360p, 240p, 144p; or give width/height)");
            }
            name = name.toLowerCase(Locale.ROOT);
        }
        if (width != null && (width < 16 || width > 8192) || height != null && (height < 16 || height > 8192)) {
            throw new IllegalArgumentException("rung '" + name + "': width and height must be 16..8192");
        }
        if (videoBitrate != null) {
            parseBitrate(videoBitrate, "videoBitrate");
        }
        if (audioBitrate != null) {
            parseBitrate(audioBitrate, "audioBitrate");
        }
    }

    /** {@code "720p"}: a standard rung. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RungSpec named(String name) {
        return new RungSpec(name, null, null, null, null);
    }

    /** The standard rung this names, when no size is given. */
    public Standard standard() {
        return width == null && height == null ? STANDARD.get(name) : null;
    }

    /** Bits per second from {@code 800k}, {@code 2.5M}, {@code 800000}. */
    public static long parseBitrate(String s, String what) {
        var m = RATE.matcher(s.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a bitrate like 800k or 2.5M");
        }
        double v = Double.parseDouble(m.group(1));
        double mul = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            default -> 1;
        };
        long bps = Math.round(v * mul);
        if (bps < 8_000 || bps > 200_000_000) {
            throw new IllegalArgumentException(what + " '" + s + "' is out of range (8k..200M)");
        }
        return bps;
    }
}
