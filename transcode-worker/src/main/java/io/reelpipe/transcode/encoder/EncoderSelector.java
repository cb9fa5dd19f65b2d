package io.reelpipe.transcode.encoder;

import io.reelpipe.media.Ffmpeg;
import io.reelpipe.transcode.TranscodeParameters.EncoderChoice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the encoder for a stage. NVENC counts as present only when the FFmpeg build lists {@code h264_nvenc}
 * <em>and</em> a trial encode of a tiny clip succeeds (the build always has the encoder; only a node with an
 * NVIDIA GPU and driver can run it). The check runs once per worker and is cached.
 */
public class EncoderSelector {

    private static final Logger log = LoggerFactory.getLogger(EncoderSelector.class);

    /** What was asked, what is used, and why when they differ. */
    public record Selection(EncoderChoice requested, VideoEncoder encoder, String note) {
    }

    /** One check per binary and JVM: the answer does not change while the node runs. */
    private static final java.util.concurrent.ConcurrentHashMap<java.nio.file.Path, String[]> CHECKED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Ffmpeg ffmpeg;
    private volatile String nvencProblem;

    public EncoderSelector(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    public Selection select(EncoderChoice requested) {
        return switch (requested) {
            case X264 -> new Selection(requested, VideoEncoder.X264, null);
            case AUTO -> nvencAvailable() ? new Selection(requested, VideoEncoder.NVENC, null)
                    : new Selection(requested, VideoEncoder.X264, null);
            case NVENC -> {
                if (nvencAvailable()) {
                    yield new Selection(requested, VideoEncoder.NVENC, null);
                }
                String note = "nvenc requested but not usable on this node (" + nvencProblem
                        + "): encoded with libx264 instead";
                log.warn("event=encoder-fallback requested=nvenc used=libx264 reason=\"{}\"", nvencProblem);
                yield new Selection(requested, VideoEncoder.X264, note);
            }
        };
    }

    /** True when h264_nvenc is in the build and a trial encode works here (cached). */
    public boolean nvencAvailable() {
        String[] r = CHECKED.computeIfAbsent(ffmpeg.binary(), b -> {
            boolean ok = probeNvenc();
            log.info("event=nvenc-check available={} reason=\"{}\"", ok, nvencProblem);
            return new String[] {Boolean.toString(ok), nvencProblem};
        });
        nvencProblem = r[1];
        return Boolean.parseBoolean(r[0]);
    }

    private boolean probeNvenc() {
        try {
            Process p = ffmpeg.processBuilder(List.of("-hide_banner", "-encoders")).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            if (!out.contains("h264_nvenc")) {
                nvencProblem = "this FFmpeg build has no h264_nvenc encoder";
                return false;
            }
        } catch (IOException e) {
            nvencProblem = "could not list encoders: " + e.getMessage();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nvencProblem = "interrupted";
            return false;
        }
        // the trial runs outside the shared FFmpeg runner: on a CPU node its failure is the expected answer, not a
        // WARN-worthy "ffmpeg failed"
        java.nio.file.Path log = null;
        try {
            // output to a file, so a driver that hangs cannot block the read past the timeout
            log = java.nio.file.Files.createTempFile("reelpipe-nvenc-check", ".log");
            Process p = ffmpeg.processBuilder(List.of("-hide_banner", "-loglevel", "error", "-nostdin",
                    "-f", "lavfi", "-i", "color=c=gray:size=320x240:rate=25:d=0.2", "-c:v", "h264_nvenc", "-f", "null",
                    "-")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                nvencProblem = "trial encode did not finish in 30 s";
                return false;
            }
            String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                nvencProblem = "trial encode failed: " + nvencReason(out, p.exitValue());
                return false;
            }
            nvencProblem = null;
            return true;
        } catch (IOException e) {
            nvencProblem = "trial encode could not start: " + e.getMessage();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nvencProblem = "interrupted";
            return false;
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    /**
     * What the encoder itself said ("OpenEncodeSessionEx failed: unsupported device (2); No capable devices found" on
     * a GPU without NVENC such as an H100/H200), not FFmpeg 8's closing line ("Nothing was written into output
     * file…"), which is the same for every failure.
     */
    static String nvencReason(String output, int exit) {
        List<String> encoder = output.lines()
                .map(l -> l.replaceFirst("^\\[h264_nvenc @ 0x[0-9a-fA-F]+\\] ", "\u0000"))
                .filter(l -> l.startsWith("\u0000")).map(l -> l.substring(1).strip())
                .filter(l -> !l.isEmpty() && !l.startsWith("Error while opening encoder")).distinct().toList();
        if (!encoder.isEmpty()) {
            return String.join("; ", encoder);
        }
        return output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + exit);
    }
}
