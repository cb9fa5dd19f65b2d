package io.reelpipe.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes silent H.264 test videos that show known text: cards of one or more lines drawn with Java2D in a chosen
 * font, size and colour over a moving gradient with drifting shapes (so no two frames are alike and the text never
 * sits on a flat colour). For OCR tests and the ad-understanding evaluation; audio is muxed on afterwards.
 *
 * <pre>{@code
 * TextCardVideo.builder(1280, 720, 12).card(1, 4, "Aurora E-Bike", "NanumGothic", 72, Color.WHITE, 0.1, 0.3)
 *         .build().write(dir.resolve("ad.mp4"));
 * }</pre>
 */
public final class TextCardVideo {

    /**
     * Text shown from {@code start} to {@code end} seconds, its top-left at ({@code x}, {@code y}) as fractions of the
     * frame; {@code text} may hold several lines separated by '\n'.
     */
    public record Card(double start, double end, String text, String font, int size, Color color, double x, double y) {
    }

    private final int width;
    private final int height;
    private final int fps;
    private final double seconds;
    private final Color background1;
    private final Color background2;
    private final List<Card> cards;

    private TextCardVideo(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.fps = b.fps;
        this.seconds = b.seconds;
        this.background1 = b.background1;
        this.background2 = b.background2;
        this.cards = List.copyOf(b.cards);
    }

    public static Builder builder(int width, int height, double seconds) {
        return new Builder(width, height, seconds);
    }

    public List<Card> cards() {
        return cards;
    }

    /** The picture at {@code t} seconds. */
    public BufferedImage frameAt(double t) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        double phase = t / Math.max(1, seconds);
        float shift = (float) (width * phase);
        g.setPaint(new GradientPaint(-shift, 0, background1, width - shift, height, background2, true));
        g.fillRect(0, 0, width, height);
        // drifting translucent discs: texture under the text that moves every frame
        for (int i = 0; i < 5; i++) {
            double a = t * (0.3 + i * 0.17) + i;
            int r = height / (4 + i);
            int cx = (int) (width * (0.5 + 0.4 * Math.cos(a)));
            int cy = (int) (height * (0.5 + 0.35 * Math.sin(a * 1.3)));
            g.setColor(new Color(255, 255, 255, 40));
            g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        }
        for (Card c : cards) {
            if (t >= c.start() && t < c.end()) {
                g.setFont(new Font(c.font(), Font.BOLD, c.size()));
                g.setColor(c.color());
                int y = (int) (c.y() * height) + c.size();
                for (String line : c.text().split("\n")) {
                    g.drawString(line, (int) (c.x() * width), y);
                    y += (int) (c.size() * 1.4);
                }
            }
        }
        g.dispose();
        return img;
    }

    /** Writes the video (libx264 ultrafast, CRF 23, a keyframe per second). */
    public Path write(Path out) {
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
        try (Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(AV_CODEC_ID_H264);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize(fps);
            rec.setVideoOption("preset", "ultrafast");
            rec.setVideoOption("crf", "23");
            rec.start();
            int frames = (int) Math.round(seconds * fps);
            for (int i = 0; i < frames; i++) {
                rec.record(conv.convert(frameAt(i / (double) fps)));
            }
            rec.stop();
        } catch (FrameRecorder.Exception e) {
            throw new FfmpegFailedException("could not write the text-card video " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                rec.release();
            } catch (FrameRecorder.Exception ignored) {
                // nothing left to free
            }
        }
        return out;
    }

    public static final class Builder {
        private final int width;
        private final int height;
        private final double seconds;
        private int fps = 10;
        private Color background1 = new Color(20, 40, 110);
        private Color background2 = new Color(160, 40, 60);
        private final List<Card> cards = new ArrayList<>();

        private Builder(int width, int height, double seconds) {
            this.width = width;
            this.height = height;
            this.seconds = seconds;
        }

        public Builder fps(int fps) {
            this.fps = fps;
            return this;
        }

        public Builder background(Color from, Color to) {
            this.background1 = from;
            this.background2 = to;
            return this;
        }

        public Builder card(double start, double end, String text, String font, int size, Color color, double x, double y) {
            cards.add(new Card(start, end, text, font, size, color, x, y));
            return this;
        }

        public TextCardVideo build() {
            return new TextCardVideo(this);
        }
    }
}
