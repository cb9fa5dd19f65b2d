package io.reelpipe.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded pictures of a video as {@link BufferedImage}s, the way a player shows them: non-square pixels are
 * stretched to the display aspect ratio (720x576 with SAR 16:15 gives 768x576) and rotated phone videos are
 * turned upright.
 *
 * <pre>{@code
 * try (VideoFrames frames = VideoFrames.open(file)) {
 *     BufferedImage poster = frames.frameAt(Duration.ofSeconds(3));
 *     JpegWriter.write(poster, 0.85f, out);
 *     frames.scan(160, Duration.ofMillis(200), (t, img) -> { detector.accept(t, img); return true; });
 * }
 * }</pre>
 *
 * <p>Not thread-safe (one decoder); blocking. Every returned image is a fresh copy the caller may keep.
 */
public final class VideoFrames implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VideoFrames.class);

    /** Receives frames from {@link #scan}; return false to stop early. */
    @FunctionalInterface
    public interface FrameVisitor {
        boolean visit(Duration time, BufferedImage image);
    }

    private final Path file;
    private final MediaInfo info;
    private final VideoStream video;
    private final FFmpegFrameGrabber grabber;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final double frameSeconds;

    private VideoFrames(Path file, MediaInfo info) {
        this.file = file;
        this.info = info;
        this.video = info.requireVideo();
        this.frameSeconds = video.frameRate() > 0 ? 1 / video.frameRate() : 0.04;
        this.grabber = startGrabber(file, video.displayWidth(), video.displayHeight());
    }

    /**
     * Opens a video for frame grabbing.
     *
     * @throws NotAMediaFileException, CorruptMediaException as {@link MediaProbe#probe(Path)}
     * @throws NoVideoStreamException for audio-only files
     */
    public static VideoFrames open(Path file) {
        return new VideoFrames(file, MediaProbe.probe(file));
    }

    public MediaInfo info() {
        return info;
    }

    /** Upright display width of the images {@link #frameAt(Duration)} returns. */
    public int width() {
        return video.orientedWidth();
    }

    /** Upright display height of the images {@link #frameAt(Duration)} returns. */
    public int height() {
        return video.orientedHeight();
    }

    /**
     * The frame shown at {@code t} (the frame whose timestamp is nearest), at display size and upright.
     * Times past the end give the last frame.
     */
    public BufferedImage frameAt(Duration t) {
        Duration end = info.duration();
        Duration target = t.isNegative() ? Duration.ZERO : t;
        Duration last = end.minus(Timecodes.ofSeconds(frameSeconds));
        if (!end.isZero() && target.compareTo(last) > 0) {
            target = last.isNegative() ? Duration.ZERO : last;
        }
        long targetUs = target.toNanos() / 1000;
        long halfFrameUs = (long) (frameSeconds * 500_000);
        try {
            grabber.setTimestamp(targetUs);
            Frame frame;
            Frame previous = null;
            // JavaCV's precise seek stops one frame early: step forward to the frame nearest the target
            while ((frame = grabber.grabImage()) != null) {
                previous = frame;
                if (frame.timestamp + halfFrameUs >= targetUs) {
                    break;
                }
            }
            if (previous == null) {
                throw CorruptMediaException.at(target, "no video frame could be decoded there");
            }
            return upright(copy(converter.getBufferedImage(previous)));
        } catch (FrameGrabber.Exception e) {
            throw new FfmpegFailedException("could not decode a frame of " + file + " at " + Timecodes.format(target)
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@link #frameAt(Duration)} scaled down (never up) to at most {@code maxWidth} pixels wide. */
    public BufferedImage frameAt(Duration t, int maxWidth) {
        BufferedImage img = frameAt(t);
        if (img.getWidth() <= maxWidth) {
            return img;
        }
        int h = Math.max(2, Math.round(img.getHeight() * (maxWidth / (float) img.getWidth())));
        return scale(img, maxWidth, h);
    }

    /**
     * Decodes the video from the start and hands small upright frames to {@code visitor}: one frame every
     * {@code every} ({@link Duration#ZERO}: every frame), {@code width} pixels wide (height from the display
     * aspect ratio, even). Meant for scene detection and similar whole-video passes; the interrupt flag of the
     * calling thread is honoured ({@link MediaCancelledException}).
     *
     * @return the number of frames visited
     */
    public int scan(int width, Duration every, FrameVisitor visitor) {
        return scan(width, every, visitor, false);
    }

    /**
     * Like {@link #scan(int, Duration, FrameVisitor)} with every frame, but only keyframes are decoded (the
     * decoder discards the other frames unseen, FFmpeg's {@code -skip_frame nokey}): a whole-video pass that
     * costs one decoded picture per GOP, for storyboards and other coarse sampling. The visited times are the
     * keyframes' own.
     *
     * @return the number of keyframes visited
     */
    public int scanKeyframes(int width, FrameVisitor visitor) {
        return scan(width, Duration.ZERO, visitor, true);
    }

    private int scan(int width, Duration every, FrameVisitor visitor, boolean keyframesOnly) {
        boolean turned = video.rotation() % 180 != 0;
        double aspect = video.displayWidth() / (double) video.displayHeight(); // stored orientation
        int outW = width;
        int outH = Math.max(2, (int) Math.round(turned ? width * aspect : width / aspect) & ~1);
        // decode at the stored orientation, turn afterwards
        int decW = turned ? outH : outW;
        int decH = turned ? outW : outH;
        long everyUs = every.toNanos() / 1000;
        long nextUs = 0;
        int visited = 0;
        long t0 = System.nanoTime();
        FFmpegFrameGrabber g = startGrabber(file, decW, decH, keyframesOnly);
        Java2DFrameConverter conv = new Java2DFrameConverter();
        try {
            Frame frame;
            while ((frame = g.grabImage()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new MediaCancelledException("frame scan of " + file + " interrupted");
                }
                if (frame.timestamp + 500 < nextUs) {
                    continue;
                }
                nextUs = everyUs == 0 ? 0 : (frame.timestamp / everyUs + 1) * everyUs;
                visited++;
                if (!visitor.visit(Timecodes.ofMicros(frame.timestamp), upright(copy(conv.getBufferedImage(frame))))) {
                    break;
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new FfmpegFailedException("decoding " + file + " failed: " + e.getMessage(), e);
        } finally {
            close(g);
        }
        log.debug("scan file={} keyframesOnly={} frames={} size={}x{} took_ms={}", file, keyframesOnly, visited, outW, outH,
                (System.nanoTime() - t0) / 1_000_000);
        return visited;
    }

    @Override
    public void close() {
        close(grabber);
    }

    private static FFmpegFrameGrabber startGrabber(Path file, int width, int height) {
        return startGrabber(file, width, height, false);
    }

    private static FFmpegFrameGrabber startGrabber(Path file, int width, int height, boolean keyframesOnly) {
        FfmpegNative.ensureLoaded();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setImageWidth(width);
        g.setImageHeight(height);
        g.setVideoOption("threads", "auto");
        if (keyframesOnly) {
            g.setVideoOption("skip_frame", "nokey");
        }
        try {
            g.start();
            return g;
        } catch (FrameGrabber.Exception e) {
            close(g);
            throw new FfmpegFailedException("could not open " + file + " for decoding: " + e.getMessage(), e);
        }
    }

    private static void close(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception e) {
            log.warn("closing the grabber failed", e);
        }
    }

    /** Java2DFrameConverter hands out the same BufferedImage on every call: copy before keeping it. */
    private static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        src.copyData(out.getRaster());
        return out;
    }

    private BufferedImage upright(BufferedImage img) {
        int rot = video.rotation();
        if (rot == 0) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = rot % 180 != 0;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        AffineTransform at = new AffineTransform();
        switch (rot) {
            case 90 -> {
                at.translate(h, 0);
                at.quadrantRotate(1);
            }
            case 180 -> {
                at.translate(w, h);
                at.quadrantRotate(2);
            }
            default -> {
                at.translate(0, w);
                at.quadrantRotate(3);
            }
        }
        Graphics2D g = out.createGraphics();
        g.drawImage(img, at, null);
        g.dispose();
        return out;
    }

    private static BufferedImage scale(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
