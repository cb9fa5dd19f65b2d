package io.reelpipe.transcode.hls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A parsed HLS media playlist (the subset FFmpeg writes for VOD). */
public record MediaPlaylist(int targetDuration, String playlistType, boolean endList, List<Segment> segments) {

    public record Segment(String uri, double duration) {
    }

    public MediaPlaylist {
        segments = List.copyOf(segments);
    }

    public double totalDuration() {
        return segments.stream().mapToDouble(Segment::duration).sum();
    }

    public static MediaPlaylist read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MediaPlaylist parse(List<String> lines) {
        if (lines.isEmpty() || !lines.getFirst().strip().equals("#EXTM3U")) {
            throw new IllegalArgumentException("not an M3U8 playlist: first line must be #EXTM3U");
        }
        int target = -1;
        String type = null;
        boolean end = false;
        List<Segment> segs = new ArrayList<>();
        Double pending = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            } else if (line.startsWith("#EXT-X-PLAYLIST-TYPE:")) {
                type = line.substring(line.indexOf(':') + 1).strip();
            } else if (line.equals("#EXT-X-ENDLIST")) {
                end = true;
            } else if (line.startsWith("#EXTINF:")) {
                String v = line.substring(8);
                int comma = v.indexOf(',');
                pending = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
            } else if (!line.startsWith("#")) {
                if (pending == null) {
                    throw new IllegalArgumentException("segment '" + line + "' has no #EXTINF");
                }
                segs.add(new Segment(line, pending));
                pending = null;
            }
        }
        return new MediaPlaylist(target, type, end, segs);
    }
}
