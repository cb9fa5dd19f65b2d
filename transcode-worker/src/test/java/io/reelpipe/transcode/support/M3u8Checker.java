package io.reelpipe.transcode.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the HLS playlists we write (RFC 8216 rules a player relies on), failing with assertions. */
public final class M3u8Checker {

    private static final Pattern ATTR = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    public record Variant(Map<String, String> attributes, String uri) {
        public long bandwidth() {
            return Long.parseLong(attributes.get("BANDWIDTH"));
        }

        public String codecs() {
            return attributes.get("CODECS");
        }

        public String resolution() {
            return attributes.get("RESOLUTION");
        }
    }

    public record Media(int targetDuration, List<Double> durations, List<String> uris) {
        public double total() {
            return durations.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private M3u8Checker() {
    }

    public static List<Variant> master(Path file) {
        List<String> lines = lines(file);
        assertThat(lines.getFirst()).as("first line of " + file).isEqualTo("#EXTM3U");
        assertThat(lines).as("version tag").anyMatch(l -> l.startsWith("#EXT-X-VERSION:"));
        List<Variant> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("#EXT-X-STREAM-INF:")) {
                Map<String, String> attrs = attrs(l.substring(l.indexOf(':') + 1));
                assertThat(attrs).as("variant " + l).containsKeys("BANDWIDTH", "CODECS");
                assertThat(Long.parseLong(attrs.get("BANDWIDTH"))).isPositive();
                assertThat(i + 1).as("URI after " + l).isLessThan(lines.size());
                String uri = lines.get(i + 1);
                assertThat(uri).as("URI line after STREAM-INF").isNotBlank().doesNotStartWith("#");
                assertThat(file.getParent().resolve(uri)).as("variant playlist " + uri).exists();
                out.add(new Variant(attrs, uri));
            } else if (l.startsWith("#EXTINF")) {
                throw new AssertionError("master playlist has segments: " + file);
            }
        }
        assertThat(out).as("variants in " + file).isNotEmpty();
        return out;
    }

    public static Media media(Path file) {
        List<String> lines = lines(file);
        assertThat(lines.getFirst()).isEqualTo("#EXTM3U");
        assertThat(lines).anyMatch(l -> l.startsWith("#EXT-X-VERSION:"));
        assertThat(lines).as("VOD playlist type").contains("#EXT-X-PLAYLIST-TYPE:VOD");
        assertThat(lines.getLast()).as("ENDLIST last").isEqualTo("#EXT-X-ENDLIST");
        int target = -1;
        List<Double> durations = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(l.substring(22).strip());
            } else if (l.startsWith("#EXTINF:")) {
                String v = l.substring(8);
                durations.add(Double.parseDouble(v.substring(0, v.indexOf(','))));
                String uri = lines.get(i + 1);
                assertThat(uri).doesNotStartWith("#");
                assertThat(file.getParent().resolve(uri)).as("segment " + uri).exists();
                uris.add(uri);
            }
        }
        assertThat(target).as("EXT-X-TARGETDURATION").isPositive();
        for (double d : durations) {
            assertThat((long) Math.round(d)).as("EXTINF %s rounded ≤ target duration %s", d, target)
                    .isLessThanOrEqualTo(target);
            assertThat(d).isPositive();
        }
        assertThat(durations).isNotEmpty();
        return new Media(target, durations, uris);
    }

    private static Map<String, String> attrs(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = ATTR.matcher(s);
        while (x.find()) {
            String v = x.group(2);
            m.put(x.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return m;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
