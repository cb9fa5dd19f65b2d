package io.reelpipe.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes real, small H.264/AAC MP4 test videos whose content is known, with JavaCV's
 * {@link FFmpegFrameRecorder} (libx264 {@code ultrafast}, one keyframe per second, {@code +faststart}).
 *
 * <p>Picture: the whole frame is the colour of the current {@link #card(Color, Duration) card} (default dark
 * blue), except a box in the inverted colour that moves from left to right over the clip in the band
 * {@code y ∈ [h/8, h/8 + h/6)} — so every frame differs, and a pixel below {@code h/2} shows the card colour.
 * An optional black intro comes first (pure black, no box). Audio: a sine tone per channel (440 Hz × (1 + channel/2),
 * so channels are told apart), or PCM samples you supply.
 *
 * <pre>{@code
 * Path clip = SyntheticVideo.builder().size(640, 360).fps(25).duration(Duration.ofSeconds(3))
 *         .card(Color.RED, Duration.ZERO).card(Color.GREEN, Duration.ofSeconds(2))
 *         .audioChannels(2).build().write(tmp.resolve("clip.mp4"));
 * }</pre>
 */
public final class SyntheticVideo {

    private static final Logger log = LoggerFactory.getLogger(SyntheticVideo.class);
    private static final Color DEFAULT_BACKGROUND = new Color(20, 40, 110);

    /** A colour that fills the picture from {@code start} until the next card. */
    public record Card(Color color, Duration start) {
        public Card {
            Objects.requireNonNull(color, "color");
            Objects.requireNonNull(start, "start");
        }
    }

    private final int width;
    private final int height;
    private final int fps;
    private final Duration duration;
    private final int audioChannels;
    private final int sampleRate;
    private final double toneHz;
    private final short[] pcm;
    private final List<Card> cards;
    private final boolean movingBox;
    private final Duration blackIntro;
    private final Rational sar;
    private final int rotation;
    private final boolean faststart;
    private final int crf;

    private SyntheticVideo(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.fps = b.fps;
        this.audioChannels = b.audioChannels;
        this.sampleRate = b.sampleRate;
        this.toneHz = b.toneHz;
        this.pcm = b.pcm;
        this.cards = b.cards.stream().sorted(Comparator.comparing(Card::start)).toList();
        this.movingBox = b.movingBox;
        this.blackIntro = b.blackIntro;
        this.sar = b.sar;
        this.rotation = b.rotation;
        this.faststart = b.faststart;
        this.crf = b.crf;
        Duration d = b.duration;
        if (d == null) {
            d = pcm != null ? Duration.ofNanos(Math.round(pcm.length / (double) audioChannels / sampleRate * 1e9))
                    : Duration.ofSeconds(3);
        }
        this.duration = d;
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be even and at least 16, got " + width + "x" + height);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int fps() {
        return fps;
    }

    public Duration duration() {
        return duration;
    }

    public int frameCount() {
        return (int) Math.max(1, Math.round(duration.toNanos() / 1e9 * fps));
    }

    /** The card colour the picture shows at {@code t} (black during the intro). */
    public Color colorAt(Duration t) {
        if (t.compareTo(blackIntro) < 0) {
            return Color.BLACK;
        }
        Color c = DEFAULT_BACKGROUND;
        for (Card card : cards) {
            if (card.start().compareTo(t) <= 0) {
                c = card.color();
            }
        }
        return c;
    }

    /** Writes the clip to {@code out} (parent folders created) and returns {@code out}. */
    public Path write(Path out) {
        long t0 = System.nanoTime();
        FfmpegNative.ensureLoaded();
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int frames = frameCount();
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), width, height, audioChannels);
        try {
            rec.setFormat("mp4");
            rec.setVideoCodec(AV_CODEC_ID_H264);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize(fps);
            rec.setVideoOption("preset", "ultrafast");
            rec.setVideoOption("crf", Integer.toString(crf));
            if (faststart) {
                rec.setOption("movflags", "+faststart");
            }
            if (sar != null) {
                rec.setAspectRatio(sar.toDouble());
            }
            if (rotation != 0) {
                // JavaCV writes a display matrix; its angle is counter-clockwise, ours clockwise
                rec.setDisplayRotation(-rotation);
            }
            if (audioChannels > 0) {
                rec.setAudioCodec(AV_CODEC_ID_AAC);
                rec.setSampleRate(sampleRate);
                rec.setAudioChannels(audioChannels);
                rec.setAudioBitrate(64_000 * Math.min(audioChannels, 2) + 32_000 * Math.max(0, audioChannels - 2));
            }
            rec.start();

            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            int stride = frame.imageStride;
            byte[] row = new byte[stride];
            byte[] boxRow = new byte[stride];
            int boxW = Math.max(8, width / 8) & ~1;
            int boxY0 = height / 8;
            int boxY1 = boxY0 + Math.max(2, height / 6);
            long samplesWritten = 0;
            for (int i = 0; i < frames; i++) {
                Duration t = Duration.ofNanos(Math.round(i * 1e9 / fps));
                Color c = colorAt(t);
                boolean intro = t.compareTo(blackIntro) < 0;
                fillRow(row, 0, width, c);
                boolean box = movingBox && !intro;
                if (box) {
                    System.arraycopy(row, 0, boxRow, 0, stride);
                    int x0 = (int) ((long) (width - boxW) * i / Math.max(1, frames - 1));
                    fillRow(boxRow, x0, boxW, new Color(255 - c.getRed(), 255 - c.getGreen(), 255 - c.getBlue()));
                }
                buf.clear();
                for (int y = 0; y < height; y++) {
                    buf.put(y * stride, box && y >= boxY0 && y < boxY1 ? boxRow : row);
                }
                frame.timestamp = t.toNanos() / 1000;
                rec.record(frame);
                if (audioChannels > 0) {
                    long until = Math.round((i + 1) * (double) sampleRate / fps);
                    int n = (int) (until - samplesWritten);
                    rec.recordSamples(sampleRate, audioChannels, samples(samplesWritten, n));
                    samplesWritten = until;
                }
            }
            rec.stop();
        } catch (FrameRecorder.Exception e) {
            throw new FfmpegFailedException("could not write the synthetic video " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                rec.release();
            } catch (FrameRecorder.Exception e) {
                log.warn("release failed for {}", out, e);
            }
        }
        log.debug("synthetic video {} {}x{} {}fps {} frames audio={}ch took_ms={}", out, width, height, fps, frames,
                audioChannels, (System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    private static void fillRow(byte[] row, int x0, int w, Color c) {
        byte b = (byte) c.getBlue();
        byte g = (byte) c.getGreen();
        byte r = (byte) c.getRed();
        for (int x = x0; x < x0 + w; x++) {
            int o = x * 3;
            row[o] = b;
            row[o + 1] = g;
            row[o + 2] = r;
        }
    }

    /** Interleaved S16 samples {@code [from, from + n)}: supplied PCM (silence after its end) or sine tones. */
    private ShortBuffer samples(long from, int n) {
        short[] out = new short[n * audioChannels];
        for (int s = 0; s < n; s++) {
            long idx = from + s;
            for (int ch = 0; ch < audioChannels; ch++) {
                short v;
                if (pcm != null) {
                    long p = idx * audioChannels + ch;
                    v = p < pcm.length ? pcm[(int) p] : 0;
                } else {
                    double f = toneHz * (1 + ch / 2.0);
                    v = (short) (Math.sin(2 * Math.PI * f * idx / sampleRate) * 8000);
                }
                out[s * audioChannels + ch] = v;
            }
        }
        return ShortBuffer.wrap(out);
    }

    /** Settings for a {@link SyntheticVideo}; defaults: 640x360, 25 fps, 3 s, stereo 48 kHz, faststart MP4. */
    public static final class Builder {
        private int width = 640;
        private int height = 360;
        private int fps = 25;
        private Duration duration;
        private int audioChannels = 2;
        private int sampleRate = 48_000;
        private double toneHz = 440;
        private short[] pcm;
        private final List<Card> cards = new ArrayList<>();
        private boolean movingBox = true;
        private Duration blackIntro = Duration.ZERO;
        private Rational sar;
        private int rotation;
        private boolean faststart = true;
        private int crf = 28;

        private Builder() {
        }

        /** Coded size in pixels (even numbers). */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder fps(int fps) {
            if (fps <= 0) {
                throw new IllegalArgumentException("fps must be positive");
            }
            this.fps = fps;
            return this;
        }

        /** Clip length; without it, the length of the supplied PCM, else 3 s. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** No audio track. */
        public Builder noAudio() {
            this.audioChannels = 0;
            return this;
        }

        /** 1 (mono), 2 (stereo) or 6 (5.1); 0 for no audio. */
        public Builder audioChannels(int channels) {
            if (channels < 0 || channels > 8) {
                throw new IllegalArgumentException("channels must be 0..8");
            }
            this.audioChannels = channels;
            return this;
        }

        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        /** Base tone in Hz; channel {@code c} plays {@code hz × (1 + c/2)}. */
        public Builder toneHz(double hz) {
            this.toneHz = hz;
            return this;
        }

        /** Interleaved signed 16-bit samples to use as the soundtrack (e.g. synthesised speech). */
        public Builder pcm(short[] interleaved, int sampleRate, int channels) {
            this.pcm = interleaved.clone();
            this.sampleRate = sampleRate;
            this.audioChannels = channels;
            return this;
        }

        /** The picture shows {@code color} from {@code start} until the next card. */
        public Builder card(Color color, Duration start) {
            cards.add(new Card(color, start));
            return this;
        }

        public Builder cards(List<Card> cards) {
            this.cards.addAll(cards);
            return this;
        }

        /** Turns the moving box off (then frames of one card are identical). */
        public Builder movingBox(boolean on) {
            this.movingBox = on;
            return this;
        }

        /** Pure black frames for the first {@code length}. */
        public Builder blackIntro(Duration length) {
            this.blackIntro = length;
            return this;
        }

        /** Sample (pixel) aspect ratio, e.g. 16:15 for PAL 4:3 at 720x576. */
        public Builder sampleAspectRatio(int num, int den) {
            this.sar = Rational.of(num, den);
            return this;
        }

        /** Display rotation in clockwise degrees (a display matrix, like a phone writes). */
        public Builder rotation(int clockwiseDegrees) {
            this.rotation = ((clockwiseDegrees % 360) + 360) % 360;
            return this;
        }

        /** Index ({@code moov}) at the start (default) or at the end, as a camera writes it. */
        public Builder faststart(boolean on) {
            this.faststart = on;
            return this;
        }

        /** x264 constant rate factor (default 28: small files, fine for tests). */
        public Builder crf(int crf) {
            this.crf = crf;
            return this;
        }

        public SyntheticVideo build() {
            return new SyntheticVideo(this);
        }
    }
}
