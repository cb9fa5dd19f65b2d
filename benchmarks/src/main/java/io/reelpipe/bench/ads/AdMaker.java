package io.reelpipe.bench.ads;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.media.FfmpegCommand;
import io.reelpipe.media.TextCardVideo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Makes an ad's MP4 at run time: espeak-ng speaks the script (bin/os-packages/test.txt), Java2D draws the cards over a
 * moving background ({@link TextCardVideo}, 960×540, 10 fps), the bundled FFmpeg mixes a lavfi music bed 24 dB under
 * the voice and muxes it all. Cached in the work folder by ad id.
 */
final class AdMaker {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    private static final double LEAD = 0.8;

    private final Ffmpeg ffmpeg = Ffmpeg.bundled();

    Path make(AdSpec ad, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(ad.id() + ".mp4");
        if (Files.isRegularFile(out) && Files.size(out) > 0) {
            return out;
        }
        Files.createDirectories(dir);
        Path wav = dir.resolve(ad.id() + ".wav");
        Process p = new ProcessBuilder("espeak-ng", "-v", ad.voice(), "-s", Integer.toString(ad.speed()), "-w",
                wav.toString(), ad.spoken()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("espeak-ng failed for " + ad.id() + ": " + log);
        }
        double speech = wavSeconds(wav);
        double total = Math.ceil((LEAD + speech + 1.0) * 10) / 10;
        Path video = dir.resolve(ad.id() + "-video.mp4");
        cards(ad, total).write(video);
        ffmpeg.run(FfmpegCommand.of(Duration.ofMillis((long) (total * 1000)),
                "-i", video.toString(), "-i", wav.toString(),
                "-f", "lavfi", "-t", Double.toString(total), "-i", ad.music(),
                "-filter_complex", "[1:a]adelay=" + (int) (LEAD * 1000) + ":all=1,apad[v];[2:a]volume=-24dB[m];"
                        + "[v][m]amix=inputs=2:duration=shortest:normalize=0[a]",
                "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-t",
                Double.toString(total), out.toString()));
        Files.deleteIfExists(video);
        return out;
    }

    /** The cards, one after another over the ad, each in its own place. */
    static TextCardVideo cards(AdSpec ad, double total) {
        TextCardVideo.Builder b = TextCardVideo.builder(WIDTH, HEIGHT, total).fps(10);
        List<String> cards = ad.cards();
        double slot = total / cards.size();
        for (int j = 0; j < cards.size(); j++) {
            int size = j == 0 ? (int) (ad.size() * 1.5) : ad.size();
            double x = 0.06 + 0.05 * ((ad.index() + j) % 3);
            double y = 0.15 + 0.18 * ((ad.index() + 2 * j) % 4);
            b.card(j * slot + 0.1, (j + 1) * slot - 0.1, cards.get(j), ad.font(), size, ad.color(), x, y);
        }
        return b.build();
    }

    private static double wavSeconds(Path wav) throws IOException {
        byte[] h = Files.readAllBytes(wav);
        int rate = (h[24] & 0xff) | (h[25] & 0xff) << 8 | (h[26] & 0xff) << 16 | (h[27] & 0xff) << 24;
        int channels = (h[22] & 0xff) | (h[23] & 0xff) << 8;
        int bits = (h[34] & 0xff) | (h[35] & 0xff) << 8;
        if (rate <= 0 || channels <= 0 || bits <= 0) {
            throw new UncheckedIOException(new IOException("not a PCM WAV: " + wav));
        }
        return (h.length - 44) / (double) (rate * channels * bits / 8);
    }
}
